package org.distill4j.display;

/** What a display request asks for: the kernel passes {@code null} (its default) or a MIME type / short name. */
enum Mime {
    /** No type asked for: give a bundle (rich type + {@code text/plain}); the front end picks. */
    ANY,
    HTML,
    TEXT,
    PNG,
    /** A type these renderers do not produce. */
    OTHER;

    static Mime of(String mime) {
        if (mime == null || mime.isBlank()) {
            return ANY;
        }
        return switch (mime.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "text/html", "html" -> HTML;
            case "text/plain", "text" -> TEXT;
            case "image/png", "png" -> PNG;
            default -> OTHER;
        };
    }
}
