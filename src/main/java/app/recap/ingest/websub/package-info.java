/**
 * WebSub push: subscribes to the hubs that feeds declare, answers the hubs' verification of intent, checks each
 * push's HMAC signature and hands the pushed body to the same ingestion path as polling. Polling goes on as the
 * fallback.
 */
package app.recap.ingest.websub;
