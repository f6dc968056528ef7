package app.recap.admin;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;

/**
 * A CSV file the browser saves rather than shows: {@code text/csv} in UTF-8 under the given file name, the same
 * from the admin screens and the API. The rows are printed with Commons CSV by the module that owns them
 * ({@code SubscriberExport}, {@code SubscriberImport}), into a writer they must not close.
 */
public final class CsvDownload {

    /** Prints the file's rows to {@code out}. */
    @FunctionalInterface
    public interface Rows {
        void printTo(Writer out) throws IOException;
    }

    /** Prints the file's rows to {@code out} and says how many it printed. */
    @FunctionalInterface
    public interface CountedRows {
        long printTo(Writer out) throws IOException;
    }

    private CsvDownload() {
    }

    public static void send(HttpServletResponse response, String fileName, Rows rows) throws IOException {
        sendCounted(response, fileName, out -> {
            rows.printTo(out);
            return 0;
        });
    }

    /** @return what {@code rows} returned */
    public static long sendCounted(HttpServletResponse response, String fileName, CountedRows rows) throws IOException {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(fileName).build()
                .toString());
        Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        long printed = rows.printTo(out);
        // flushed, not closed, and only once every row is printed: a failure halfway is still an error response
        out.flush();
        return printed;
    }
}
