package app.recap.admin.lists;

import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import app.recap.admin.AdminPage;
import app.recap.admin.AdminProblem;
import app.recap.admin.CsvDownload;
import app.recap.subscriber.ImportQueue;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberImport;

/**
 * Import screen (ADMIN): upload a CSV into a list, then follow the import's progress on its page (it runs in the
 * background and may be left) and see what happened and download the rejected rows.
 */
@Controller
class ImportsController implements AdminPage {

    private final ImportRunner runner;
    private final SubscriberImport imports;
    private final ListRepository lists;

    ImportsController(ImportRunner runner, SubscriberImport imports, ListRepository lists) {
        this.runner = runner;
        this.imports = imports;
        this.lists = lists;
    }

    @GetMapping("/admin/imports")
    String index(Model model) {
        model.addAttribute("lists", lists.findAll().stream().filter(l -> !l.archived()).toList());
        model.addAttribute("recent", imports.recent(20));
        model.addAttribute("listNames", lists.findAll().stream()
                .collect(Collectors.toMap(NewsletterList::id, NewsletterList::slug)));
        return "admin/imports";
    }

    @PostMapping("/admin/imports")
    String upload(@RequestParam String list, @RequestParam("file") MultipartFile file, RedirectAttributes redirect)
            throws IOException {
        try (InputStream in = file.getInputStream()) {
            var queued = runner.submit(list, in, file.getOriginalFilename());
            return "redirect:/admin/imports/" + queued.id();
        } catch (SubscriberImport.RefusedException | ImportQueue.BusyException refused) {
            redirect.addFlashAttribute("error", refused.getMessage());
            return "redirect:/admin/imports";
        }
    }

    /** The import's record as the API gives it, which its page polls while it runs. */
    @GetMapping(value = "/admin/imports/{id}/progress", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    ImportsApiController.ImportView progress(@PathVariable long id) {
        return ImportsApiController.ImportView.of(imports.find(id).orElseThrow(() -> AdminProblem.notFound("import " + id)));
    }

    @GetMapping("/admin/imports/{id}")
    String result(@PathVariable long id, Model model) {
        var record = imports.find(id).orElseThrow(() -> AdminProblem.notFound("import " + id));
        model.addAttribute("record", record);
        model.addAttribute("list", lists.findById(record.listId()).orElseThrow());
        model.addAttribute("rejections", imports.rejections(id, 100));
        return "admin/import";
    }

    @GetMapping("/admin/imports/{id}/rejected.csv")
    void report(@PathVariable long id, HttpServletResponse response) throws IOException {
        imports.find(id).orElseThrow(() -> AdminProblem.notFound("import " + id));
        CsvDownload.send(response, "import-" + id + "-rejected.csv", out -> imports.writeReport(id, out));
    }
}
