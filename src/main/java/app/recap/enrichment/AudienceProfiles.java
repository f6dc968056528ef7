package app.recap.enrichment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import app.recap.audience.Audience;

/**
 * What each audience is about, as a vector: its name, description and keywords, blended with the centroid of the
 * stories the aggregator labelled with it once there are enough of them, so the profile learns from the
 * aggregator's own labels as they arrive.
 */
final class AudienceProfiles {

    private final Function<String, float[]> encoder;
    private final double centroidWeight;
    private final int minStories;
    /** Descriptions change rarely; encoding them again every run would cost a model call per audience. */
    private final Map<String, float[]> described = new ConcurrentHashMap<>();

    AudienceProfiles(Function<String, float[]> encoder, double centroidWeight, int minStories) {
        this.encoder = encoder;
        this.centroidWeight = centroidWeight;
        this.minStories = minStories;
    }

    static String description(Audience audience) {
        StringBuilder text = new StringBuilder(audience.displayName());
        if (audience.description() != null && !audience.description().isBlank()) {
            text.append(": ").append(audience.description().strip());
        }
        if (!audience.keywords().isEmpty()) {
            text.append(" Topics: ").append(String.join(", ", audience.keywords())).append('.');
        }
        return text.toString();
    }

    /**
     * @param labelled audience id to the text vectors of stories the aggregator gave it
     * @return audience id to its profile, in catalogue order
     */
    Map<Long, float[]> of(List<Audience> catalogue, Map<Long, List<float[]>> labelled) {
        Map<Long, float[]> profiles = new LinkedHashMap<>();
        for (Audience audience : catalogue) {
            float[] description = described.computeIfAbsent(description(audience), encoder);
            List<float[]> examples = labelled.getOrDefault(audience.id(), List.of());
            profiles.put(audience.id(), examples.size() < minStories ? description
                    : Vectors.blend(description, 1 - centroidWeight, Vectors.centroid(examples), centroidWeight));
        }
        return profiles;
    }
}
