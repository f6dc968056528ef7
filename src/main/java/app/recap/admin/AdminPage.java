package app.recap.admin;

/** Marks a controller of the admin web UI, so {@link AdminModel} serves it (and not the REST API). */
public interface AdminPage {
}
