package app.recap.preferences;

import java.util.OptionalLong;

import org.springframework.stereotype.Component;

/**
 * The signed token of a VERP envelope sender ({@code bounces+TOKEN@domain}), which names the delivery a bounce
 * answers: the delivery id and an 80-bit signature under the link-token keys ({@code recap.tokens.secrets}), in
 * lower-case base32 so that relays which lower-case addresses do not break it. At most 29 characters.
 */
@Component
public class ReturnPathTokens {

    private final LinkTokens tokens;

    ReturnPathTokens(LinkTokens tokens) {
        this.tokens = tokens;
    }

    public String sign(long deliveryId) {
        return tokens.signDelivery(deliveryId);
    }

    /** The delivery a token names, if it is genuine under any configured key; case-insensitive. */
    public OptionalLong verify(String token) {
        return tokens.verifyDelivery(token);
    }
}
