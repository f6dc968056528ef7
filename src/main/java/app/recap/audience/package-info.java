/**
 * The audience catalogue: who a story matters to ("Enterprise &amp; Security Teams"), with the keyword lexicon
 * used to enrich plain feeds locally. Depends on nothing else in Recap.
 */
package app.recap.audience;
