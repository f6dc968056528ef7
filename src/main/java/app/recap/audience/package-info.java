/**
 * The audience catalogue: who a story matters to ("Enterprise &amp; Security Teams"), with the keyword lexicon
 * used to enrich plain feeds locally. At the bottom of the module map: depends on nothing else in Recap.
 */
@ApplicationModule(allowedDependencies = {})
package app.recap.audience;

import org.springframework.modulith.ApplicationModule;
