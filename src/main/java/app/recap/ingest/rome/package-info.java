/**
 * Rome, JDOM and XML parsing, kept out of the rest of the code: the hardened document builder (DOCTYPEs
 * accepted, nothing external loaded, entity expansion bounded), the lenient second read of malformed feeds, the
 * repairs that keep Rome from crashing, and the module for the {@code urn:recap:enrichment:1} extension. The rest
 * of Recap sees only {@code ParsedFeed} and {@code ParsedItem}.
 */
package app.recap.ingest.rome;
