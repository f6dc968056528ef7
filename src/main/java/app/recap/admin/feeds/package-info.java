/** Feed sources' screens and API, and the JSON intake for enriched stories. */
package app.recap.admin.feeds;
