/**
 * Ranking a week's stories: near-duplicates (the same URL, or titles and ledes alike by Jaccard similarity)
 * collapse into one story citing its sources; every story gets a score from audience relevance, importance,
 * freshness, coverage and source authority, with the parts kept for explanation; a lead section for everyone and
 * each audience's section are then re-ranked by maximal marginal relevance so no section is one topic over and
 * over. Pure and deterministic; knows nothing of editions or emails.
 */
@ApplicationModule(allowedDependencies = {"story"})
package app.recap.ranking;

import org.springframework.modulith.ApplicationModule;
