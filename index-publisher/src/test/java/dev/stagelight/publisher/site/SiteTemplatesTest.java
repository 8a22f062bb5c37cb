package dev.stagelight.publisher.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteTemplatesTest {
    @TempDir
    Path dir;

    @Test
    void builtInTemplateEscapesUntrustedText() throws IOException {
        String out = SiteTemplates.create(Optional.empty()).render("probe.ftlh",
                Map.of("text", "<script>alert(1)</script>\"' onload=x"));
        assertFalse(out.contains("<script>"), out);
        assertTrue(out.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39; onload=x"), out);
    }

    @Test
    void userFolderOverridesOneTemplate() throws IOException {
        Files.writeString(dir.resolve("probe.ftlh"), "<b>${text}</b>");
        String out = SiteTemplates.create(Optional.of(dir)).render("probe.ftlh", Map.of("text", "<i>"));
        assertEquals("<b>&lt;i&gt;</b>", out);
    }

    @Test
    void overrideCannotInstantiateExecute() throws IOException {
        Path marker = dir.resolve("pwned");
        Files.writeString(dir.resolve("probe.ftlh"),
                "<#assign ex = \"freemarker.template.utility.Execute\"?new()>${ex(\"touch " + marker + "\")}");
        IOException e = assertThrows(IOException.class,
                () -> SiteTemplates.create(Optional.of(dir)).render("probe.ftlh", Map.of("text", "x")));
        assertTrue(e.getMessage().contains("probe.ftlh"), e.getMessage());
        assertTrue(e.getMessage().contains("not allowed"), e.getMessage());
        assertFalse(Files.exists(marker), "Execute ran");
    }

    @Test
    void overrideCannotUseApi() throws IOException {
        Files.writeString(dir.resolve("probe.ftlh"), "${model?api.getClass().getName()}");
        IOException e = assertThrows(IOException.class, () -> SiteTemplates.create(Optional.of(dir))
                .render("probe.ftlh", Map.of("model", Map.of("a", "b"), "text", "x")));
        assertTrue(e.getMessage().contains("api"), e.getMessage());
    }

    @Test
    void overrideCannotReachOutsideItsFolder() throws IOException {
        Files.writeString(dir.resolve("secret.ftlh"), "secret");
        Path user = Files.createDirectory(dir.resolve("user"));
        Files.writeString(user.resolve("probe.ftlh"), "<#include \"../secret.ftlh\">");
        assertThrows(IOException.class,
                () -> SiteTemplates.create(Optional.of(user)).render("probe.ftlh", Map.of("text", "x")));
    }
}
