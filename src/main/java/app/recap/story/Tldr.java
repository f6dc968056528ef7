package app.recap.story;

/** The three-part summary of a story. Any part may be null when the feed did not provide it. */
public record Tldr(String whatChanged, String whyItMatters, String whatToDoNext) {
}
