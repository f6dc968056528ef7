package app.recap.admin.lists;

import java.io.IOException;

import org.springframework.core.io.InputStreamSource;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;

import app.recap.admin.AuditLog;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberImport;

/** Runs an import for the UI or the API as the signed-in user, and writes it to the audit log. */
@Service
class ImportRunner {

    private final SubscriberImport subscriberImport;
    private final ListAdministration lists;
    private final AuditLog audit;

    ImportRunner(SubscriberImport subscriberImport, ListAdministration lists, AuditLog audit) {
        this.subscriberImport = subscriberImport;
        this.lists = lists;
        this.audit = audit;
    }

    /** @throws SubscriberImport.RefusedException when the file is refused whole */
    SubscriberImport.Result run(String listSlug, InputStreamSource file, String fileName) throws IOException {
        NewsletterList list = lists.get(listSlug);
        var auth = SecurityContextHolder.getContext().getAuthentication();
        SubscriberImport.Result result = subscriberImport.run(list, file, fileName, auth == null ? "system" : auth.getName());
        audit.record("subscriber.import", "list", list.slug(), "import " + result.importId() + " file=" + fileName
                + " rows=" + result.rowsRead() + " created=" + result.created() + " updated=" + result.updated()
                + " rejected=" + result.rejected());
        return result;
    }
}
