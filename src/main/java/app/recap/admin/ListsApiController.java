package app.recap.admin;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;

/** Newsletter lists over REST. */
@RestController
@RequestMapping("/api/lists")
class ListsApiController {

    private final ListRepository lists;

    ListsApiController(ListRepository lists) {
        this.lists = lists;
    }

    @GetMapping
    List<ListView> all() {
        return lists.findAll().stream().map(ListView::of).toList();
    }

    record ListView(long id, String slug, String name, String senderEmail, String sendDay, String sendTime,
            String timeZone) {

        static ListView of(NewsletterList l) {
            return new ListView(l.id(), l.slug(), l.name(), l.senderEmail(), l.sendDay().name(), l.sendTime().toString(),
                    l.timeZone().getId());
        }
    }
}
