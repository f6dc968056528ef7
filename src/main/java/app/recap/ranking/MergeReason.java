package app.recap.ranking;

/**
 * Why a story was merged into a cluster, for the admin: the version it matched best and by which measure.
 *
 * @param storyId     the merged version
 * @param sameAs      the version already in the cluster it matched best (the lead or an earlier member)
 * @param similarity  the value of the deciding measure, 0..1
 * @param measure     {@code meaning} (cosine of embeddings), {@code title} or {@code text} (Jaccard of words)
 * @param explanation the same in words: "same news as “...” (Source), meaning similarity 0.87"
 */
public record MergeReason(long storyId, long sameAs, double similarity, String measure, String explanation) {
}
