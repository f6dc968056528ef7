package app.recap.edition;

/**
 * A digest rendered for one audience combination, personal values still as placeholders (see
 * {@link DigestRenderer#PLACEHOLDERS}).
 */
public record RenderedDigest(String subject, String html, String text, int storyCount) {
}
