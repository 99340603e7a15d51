package io.hallmark.it;

import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * A device sending a burst of QoS 1 reports with the Eclipse Paho MQTT v5 client (a second client besides
 * mosquitto_pub), with the certificate and key openssl made for it.
 */
final class PahoDevice {
    /** How the broker answered. */
    record Outcome(int acknowledged, int refused) {}

    private PahoDevice() {}

    /** Publishes reports with seq 2..count+1 as fast as the broker's receive maximum allows; waits for every answer. */
    static Outcome burst(int port, Path ca, Path cert, Path key, String serial, int count) throws Exception {
        MqttAsyncClient client =
                new MqttAsyncClient("ssl://127.0.0.1:" + port, serial + "-burst", new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSocketFactory(tls(ca, cert, key).getSocketFactory());
        client.connect(options).waitForCompletion(20_000);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch answered = new CountDownLatch(count);
        java.util.concurrent.Semaphore window = new java.util.concurrent.Semaphore(32);
        MqttActionListener listener = new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                int[] codes = token.getReasonCodes();
                (codes != null && codes.length > 0 && codes[0] >= 0x80 ? refused : ok).incrementAndGet();
                window.release();
                answered.countDown();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                refused.incrementAndGet();
                window.release();
                answered.countDown();
            }
        };
        try {
            for (int i = 0; i < count; i++) {
                window.acquire();
                MqttMessage m = new MqttMessage(report(serial, i + 2));
                m.setQos(1);
                client.publish("hallmark/d/" + serial + "/telemetry", m, null, listener);
            }
            if (!answered.await(60, TimeUnit.SECONDS)) {
                throw new AssertionError("not every publish was answered: " + answered.getCount() + " left");
            }
            return new Outcome(ok.get(), refused.get());
        } finally {
            client.disconnect().waitForCompletion(5_000);
            client.close();
        }
    }

    private static byte[] report(String serial, long seq) {
        return ("{\"v\":1,\"dev\":\"" + serial + "\",\"seq\":" + seq
                        + ",\"t\":1795000000,\"dur\":60,\"bo\":1,\"bi\":1,\"po\":1,\"pi\":1,\"ca\":0,\"ce\":0,"
                        + "\"dst\":[],\"lsn\":[],\"af\":0,\"cpu\":1,\"mem\":1,\"fw\":\"1.0\",\"up\":60,\"ev\":[]}")
                .getBytes(StandardCharsets.US_ASCII);
    }

    static SSLContext tls(Path ca, Path cert, Path key) throws Exception {
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(ca)) {
            trust.setCertificateEntry("ca", x509.generateCertificate(in));
        }
        Certificate[] chain;
        try (InputStream in = Files.newInputStream(cert)) {
            chain = x509.generateCertificates(in).toArray(Certificate[]::new);
        }
        PrivateKey privateKey;
        try (Reader r = Files.newBufferedReader(key);
                PEMParser parser = new PEMParser(r)) {
            Object o = parser.readObject();
            PrivateKeyInfo info = o instanceof PEMKeyPair pair ? pair.getPrivateKeyInfo() : (PrivateKeyInfo) o;
            privateKey = new JcaPEMKeyConverter().getPrivateKey(info);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        char[] password = "device".toCharArray();
        keys.setKeyEntry("device", privateKey, password, chain);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }
}
