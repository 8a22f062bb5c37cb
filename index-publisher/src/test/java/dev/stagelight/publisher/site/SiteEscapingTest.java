package dev.stagelight.publisher.site;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every manifest field is untrusted text: on every page the payloads arrive escaped, inert and visible. */
class SiteEscapingTest {
    private static final Pattern SCRIPT = Pattern.compile("<script\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern OWN_SCRIPT = Pattern.compile("<script src=\"(\\.\\./)*static/js/(verify|search)\\.js\" defer>");
    private static final Pattern HREF = Pattern.compile("\\b(?:href|src|action)=\"([^\"]*)\"");
    private static final Pattern HANDLER = Pattern.compile("<[^>]*\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);

    @TempDir
    Path tmp;

    @Test
    void payloadsInEveryManifestFieldReachNoPageAsMarkup() throws Exception {
        RenderedIndex r = RenderedIndex.create(tmp);
        List<String> statements = new ArrayList<>();
        for (int i = 0; i < XssCorpus.PAYLOADS.size() * 2; i++) {
            statements.add(XssCorpus.statement(i, "tenant-" + (i % 2)));
        }
        r.appendStatements(statements).render();
        int pages = 0;
        for (Map.Entry<String, byte[]> f : RenderedIndex.files(r.index()).entrySet()) {
            String path = f.getKey();
            if (!path.endsWith(".html") && !path.endsWith(".atom")) {
                continue;
            }
            pages++;
            String text = new String(f.getValue(), StandardCharsets.UTF_8);
            Matcher scripts = SCRIPT.matcher(text);
            while (scripts.find()) {
                assertTrue(OWN_SCRIPT.matcher(scripts.group()).matches(), path + ": foreign script tag " + scripts.group());
            }
            assertFalse(HANDLER.matcher(text).find(), path + ": an event handler attribute");
            Matcher links = HREF.matcher(text);
            while (links.find()) {
                assertTrue(SitePaths.isAllowedLink(links.group(1).replace("&amp;", "&")), path + ": link " + links.group(1));
            }
            for (String payload : XssCorpus.PAYLOADS) {
                if (payload.contains("<") || payload.contains("\"")) {
                    assertFalse(text.contains(payload), path + ": payload reached the page unescaped: " + payload);
                }
            }
            assertFalse(text.contains("\u202E") || text.contains("\u2066") || text.contains("\u200B"),
                    path + ": an invisible direction or zero-width character reached the page");
        }
        assertTrue(pages > 20, "checked " + pages + " pages");
        String entry = new String(RenderedIndex.files(r.index()).get("entries/0/6.html"), StandardCharsets.UTF_8);
        assertTrue(entry.contains("⟨U+202E⟩gnp.exe⟨U+202C⟩"), "direction tricks are shown, not applied");
        assertTrue(new String(RenderedIndex.files(r.index()).get("entries/0/7.html"), StandardCharsets.UTF_8)
                .contains("{{7*7}} ${7*7} &lt;#assign x=1&gt;"), "template syntax in a manifest is text");
        assertTrue(new String(RenderedIndex.files(r.index()).get("entries/0/0.html"), StandardCharsets.UTF_8)
                .contains("&lt;script&gt;window.xssFired=1&lt;/script&gt;"), "the payload is shown escaped");
    }
}
