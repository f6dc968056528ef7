package app.recap.admin.lists;

import java.io.IOException;
import java.io.InputStream;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;

import app.recap.admin.AuditLog;
import app.recap.subscriber.ImportQueue;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberImport;

/**
 * Submits an import for the UI or the API as the signed-in user, and writes it to the audit log when it was queued
 * (so who started an import shows even if its server dies before it ends) and when it ended (in the import's
 * thread, so with the actor captured here).
 */
@Service
class ImportRunner {

    private final ImportQueue queue;
    private final ListAdministration lists;
    private final AuditLog audit;

    ImportRunner(ImportQueue queue, ListAdministration lists, AuditLog audit) {
        this.queue = queue;
        this.lists = lists;
        this.audit = audit;
    }

    /**
     * @throws SubscriberImport.RefusedException when the file is refused whole
     * @throws ImportQueue.BusyException         when too many imports are waiting
     */
    SubscriberImport.Record submit(String listSlug, InputStream file, String fileName) throws IOException {
        NewsletterList list = lists.get(listSlug);
        var auth = SecurityContextHolder.getContext().getAuthentication();
        String actor = auth == null ? "system" : auth.getName();
        try {
            return queue.submit(list, file, fileName, actor,
                    queued -> audit.record(actor, "subscriber.import.queue", "list", list.slug(), "import "
                            + queued.id() + " queued file=" + fileName + " rows=" + queued.rowsTotal()),
                    ended -> audit.record(actor, "subscriber.import", "list", list.slug(), "import " + ended.id() + " "
                            + ended.status().name().toLowerCase() + " file=" + fileName + " rows=" + ended.rowsRead()
                            + " created=" + ended.created() + " updated=" + ended.updated() + " rejected="
                            + ended.rejected()));
        } catch (ImportQueue.BusyException busy) {
            // it was queued (and audited so) an instant before the queue turned it away, and is forgotten
            audit.record(actor, "subscriber.import.refuse", "list", list.slug(), "file=" + fileName + " "
                    + busy.getMessage());
            throw busy;
        }
    }
}
