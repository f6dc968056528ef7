/** The audience catalogue's screens and API: one service shared by both. */
package app.recap.admin.audiences;
