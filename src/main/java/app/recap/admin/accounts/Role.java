package app.recap.admin.accounts;

/**
 * What an admin account may do. ADMIN: everything. EDITOR: feeds, audiences, edition previews and test sends; no
 * subscriber data (search, import, export), no lists' settings, no accounts, no sending an edition.
 */
public enum Role {
    ADMIN, EDITOR;

    public String authority() {
        return "ROLE_" + name();
    }
}
