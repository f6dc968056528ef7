package app.recap.admin.subscribers;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import app.recap.subscriber.SubscriptionStatus;

/**
 * A subscriber to add to a list.
 *
 * @param audiences slugs in the subscriber's order; empty means all the list offers
 * @param status    CONFIRMED when null (an administrator vouches for the address)
 */
record SubscriberForm(@NotBlank @Size(max = 254) String email, @Size(max = 200) String name, @NotBlank String list,
        List<String> audiences, SubscriptionStatus status) {

    SubscriberForm {
        audiences = audiences == null ? List.of() : List.copyOf(audiences);
    }
}
