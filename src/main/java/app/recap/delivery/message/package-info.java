/**
 * Composing each subscriber's message: the digest is rendered and MIME-encoded once per audience combination
 * (segment) and cached per edition ({@code SegmentCache}, {@code DigestBody}); per subscriber only the greeting
 * name and the personal links are spliced into the ready bytes.
 */
package app.recap.delivery.message;
