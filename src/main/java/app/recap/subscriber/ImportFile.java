package app.recap.subscriber;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.function.Consumer;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.core.io.InputStreamSource;

import app.recap.subscriber.SubscriberImport.RefusedException;

/**
 * An import file as CSV (Commons CSV): strict UTF-8, a header naming known columns, then one row at a time. The
 * file is streamed, never held in memory; {@link #check} reads it once to the end so a file that is not CSV is
 * refused whole before anything changes, {@link #rows} reads it again.
 */
final class ImportFile {

    /** A data row: its number in the file (the header is row 1) and its cells by {@link SubscriberImport#COLUMNS}. */
    record Row(long number, int fields, String email, String name, String audiences) {
    }

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).get();

    private final InputStreamSource file;
    private int[] columns;
    private long dataRows;

    ImportFile(InputStreamSource file) {
        this.file = file;
    }

    /**
     * First pass: the file must be UTF-8 text, parse as CSV to the end, and start with a header naming known
     * columns including {@code email}.
     *
     * @return how many fields the header has (every one a known column)
     * @throws RefusedException saying why, for the person who uploaded it
     */
    int check() throws IOException {
        try (Reader reader = reader(file.getInputStream()); CSVParser parser = FORMAT.parse(reader)) {
            Iterator<CSVRecord> records = parser.iterator();
            if (!records.hasNext()) {
                throw new RefusedException("The file is empty. Expected a header row: "
                        + String.join(",", SubscriberImport.COLUMNS));
            }
            columns = header(records.next());
            while (records.hasNext()) {
                CSVRecord record = records.next();
                dataRows++;
                for (String value : record) {
                    if (value.indexOf('\0') >= 0) {
                        throw new RefusedException("The file contains binary data on row " + record.getRecordNumber()
                                + "; it is not a CSV file. Nothing was imported.");
                    }
                }
            }
            return (int) Arrays.stream(columns).filter(c -> c >= 0).count();
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw notUtf8();
            }
            throw new RefusedException("The file is not valid CSV: " + e.getCause().getMessage()
                    + ". Nothing was imported.");
        } catch (CharacterCodingException e) {
            throw notUtf8();
        }
    }

    /** The rows after the header that {@link #check} found: what a progress bar counts up to. */
    long dataRows() {
        return dataRows;
    }

    /** Second pass: every row after the header, its cells stripped; {@link #check} must have passed. */
    void rows(Consumer<Row> action) throws IOException {
        try (Reader reader = reader(file.getInputStream()); CSVParser parser = FORMAT.parse(reader)) {
            Iterator<CSVRecord> records = parser.iterator();
            records.next(); // the header, checked in the first pass
            while (records.hasNext()) {
                CSVRecord record = records.next();
                action.accept(new Row(record.getRecordNumber(), record.size(), cell(record, 0), cell(record, 1),
                        cell(record, 2)));
            }
        }
    }

    private String cell(CSVRecord record, int column) {
        int index = columns[column];
        return index < 0 || index >= record.size() ? null : record.get(index).strip();
    }

    private static RefusedException notUtf8() {
        return new RefusedException("The file is not UTF-8 text (is it a spreadsheet? Save it as CSV UTF-8). "
                + "Nothing was imported.");
    }

    /** For each of {@link SubscriberImport#COLUMNS}, its index in the file, or -1. */
    private static int[] header(CSVRecord header) {
        var known = SubscriberImport.COLUMNS;
        int[] columns = new int[known.size()];
        Arrays.fill(columns, -1);
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).strip().toLowerCase(Locale.ROOT);
            if (i == 0 && name.startsWith("\uFEFF")) {
                name = name.substring(1);
            }
            int column = known.indexOf(name);
            if (column < 0) {
                throw new RefusedException("Unknown column \"" + SubscriberImport.truncate(header.get(i), 40)
                        + "\" in the header. Expected the header " + String.join(",", known)
                        + " (email required). Nothing was imported.");
            }
            if (columns[column] >= 0) {
                throw new RefusedException("The column \"" + name + "\" appears twice in the header. Nothing was imported.");
            }
            columns[column] = i;
        }
        if (columns[0] < 0) {
            throw new RefusedException("The header has no \"email\" column. Expected the header "
                    + String.join(",", known) + ". Nothing was imported.");
        }
        return columns;
    }

    private static Reader reader(InputStream in) {
        // strict decoding: a spreadsheet or an image fails here instead of importing garbage
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return new BufferedReader(new InputStreamReader(in, decoder), 64 * 1024);
    }
}
