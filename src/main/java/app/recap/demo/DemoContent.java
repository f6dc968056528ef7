package app.recap.demo;

import java.util.List;

/** The shape of {@code demo/newsletter.json}. */
record DemoContent(String week, DemoList list, List<DemoAudience> audiences, List<DemoFeed> feeds,
        List<DemoSubscriber> subscribers) {

    record DemoList(String slug, String name, String senderName, String senderEmail, String replyTo,
            String postalAddress, String sendDay, String sendTime, String timeZone, List<String> audiences) {
    }

    record DemoAudience(String slug, String name, String description, List<String> keywords) {
    }

    record DemoFeed(String name, String file, double authority) {
    }

    record DemoSubscriber(String email, String name, List<String> audiences, String timeZone, String status) {
    }
}
