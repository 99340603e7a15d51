package io.hallmark.server.update;

import java.util.regex.Pattern;

/** The rules for the owner-set tags of a device ({@code site=berlin}) that rollouts select by. */
public final class DeviceTags {
    /** The most tags a device carries. */
    public static final int MAX_TAGS = 32;
    /** What a tag name may hold. */
    public static final String NAME_RULE = "[a-z0-9][a-z0-9._/-]{0,62}";
    /** What a tag value may hold. */
    public static final String VALUE_RULE = "[A-Za-z0-9._:/@+-]{1,128}";

    private static final Pattern NAME = Pattern.compile(NAME_RULE);
    private static final Pattern VALUE = Pattern.compile(VALUE_RULE);

    private DeviceTags() {}

    /** Whether {@code name} is a tag name. */
    public static boolean isName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** Whether {@code value} is a tag value. */
    public static boolean isValue(String value) {
        return value != null && VALUE.matcher(value).matches();
    }
}
