package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.testkit.Api;
import java.util.LinkedHashMap;
import java.util.Map;

/** Releases published through the operator API, as a release manager does it: upload the image, then publish. */
final class ReleaseFixtures {
    private ReleaseFixtures() {}

    /** Creates product {@code model} named {@code name} (supported until 2031) as {@code token}; must be 201. */
    static JsonNode product(Api api, String token, String model, String name) {
        Api.Response p =
                api.post("/api/v1/products", token, Map.of("model", model, "name", name, "supportUntil", "2031-12-31"));
        assertThat(p.status()).as("%s", p).isEqualTo(201);
        return p.json();
    }

    /**
     * Uploads {@code image} and publishes it as {@code version} of {@code product} under {@code imageName}, with the
     * request's other fields in {@code more} (hardware, security, ...); both answers must be 201. Returns the release.
     */
    static JsonNode publish(
            Api api,
            String token,
            String product,
            String version,
            byte[] image,
            String imageName,
            Map<String, Object> more) {
        Api.Response up = api.send("POST", "/api/v1/releases/uploads", token, image, "application/octet-stream");
        assertThat(up.status()).as("%s", up).isEqualTo(201);
        Map<String, Object> body = new LinkedHashMap<>(more);
        body.put("product", product);
        body.put("version", version);
        body.put("image", up.json().get("sha256").asText());
        body.put("imageName", imageName);
        Api.Response r = api.post("/api/v1/releases", token, body);
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.json();
    }
}
