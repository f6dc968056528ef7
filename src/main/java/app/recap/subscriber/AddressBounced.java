package app.recap.subscriber;

/**
 * The mail system refused a subscriber's address. Published inside the transaction that recorded it.
 *
 * @param suppressed false for one hard bounce ("no such user") counted by the sender; true when bounce processing
 *                   suppressed the address after a bounce (hard, or soft ones that kept coming)
 * @param reason     the mail system's words, may be null
 */
public record AddressBounced(long subscriberId, boolean suppressed, String reason) {
}
