package app.recap.story;

/** How much a story matters to one audience, 0..1. */
public record AudienceWeight(String audienceDisplayName, double weight) {
}
