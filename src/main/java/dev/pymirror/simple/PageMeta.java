package dev.pymirror.simple;

import java.util.OptionalLong;

/**
 * What a page says about itself rather than about the project: its API version and, where the
 * index keeps one, the serial of the last change it reflects.
 *
 * <p>The serial comes from PyPI's {@code meta._last-serial} key in JSON and its trailing
 * {@code <!--SERIAL n-->} comment in HTML; servers also send it as the {@code X-PyPI-Last-Serial}
 * header (see {@link ResponseHeaders}). Mirrors use it to tell whether a page changed.
 *
 * @param apiVersion the version the page declares; 1.0 when it declares none
 * @param lastSerial the index's change serial for this page, when known
 */
public record PageMeta(ApiVersion apiVersion, OptionalLong lastSerial) {

    /** Version 1.0 and no serial: what a page without any metadata means. */
    public static final PageMeta DEFAULT = new PageMeta(ApiVersion.V1_0, OptionalLong.empty());

    public PageMeta {
        if (apiVersion == null) {
            throw new IllegalArgumentException("A page's API version is required");
        }
        lastSerial = lastSerial == null ? OptionalLong.empty() : lastSerial;
        if (lastSerial.isPresent() && lastSerial.getAsLong() < 0) {
            throw new IllegalArgumentException("A last serial is never negative: " + lastSerial.getAsLong());
        }
    }

    /** A page of version {@code apiVersion} without a serial. */
    public static PageMeta of(ApiVersion apiVersion) {
        return new PageMeta(apiVersion, OptionalLong.empty());
    }

    /** This metadata with the given serial. */
    public PageMeta withLastSerial(long serial) {
        return new PageMeta(apiVersion, OptionalLong.of(serial));
    }

    /** This metadata with another API version. */
    public PageMeta withApiVersion(ApiVersion version) {
        return new PageMeta(version, lastSerial);
    }
}
