/**
 * The Story aggregate: an enriched news item, the audiences it matters to, and the sources that covered it.
 * A story's identity is its normalised URL; seeing it again adds coverage instead of a duplicate.
 */
package app.recap.story;
