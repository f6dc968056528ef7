package app.recap.subscriber;

/**
 * Makes a value safe to open in a spreadsheet: a cell starting with {@code =}, {@code +}, {@code -}, {@code @},
 * a tab or a carriage return would be read as a formula (CSV injection), so it gets a leading apostrophe,
 * which spreadsheets show as text and do not display.
 */
final class SpreadsheetCells {

    private SpreadsheetCells() {
    }

    static String safe(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + value : value;
    }
}
