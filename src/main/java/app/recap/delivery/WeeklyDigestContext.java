package app.recap.delivery;

import app.recap.edition.Edition;
import app.recap.edition.IsoWeek;
import app.recap.subscriber.NewsletterList;

/**
 * What one run of the weekly job works on: the list and ISO week its parameters name, and the list's edition
 * for that week as it stood when the step asking for it began. Every step, local partition thread and remote
 * worker resolves it the same way, through {@link WeeklyDigestContexts}.
 */
record WeeklyDigestContext(NewsletterList list, IsoWeek week, Edition edition) {
}
