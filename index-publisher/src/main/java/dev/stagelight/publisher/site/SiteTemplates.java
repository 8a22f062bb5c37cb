package dev.stagelight.publisher.site;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.SimpleObjectWrapper;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The site's FreeMarker set-up, locked down because a user's template folder can override any single template:
 * {@code .ftlh} is HTML auto-escaped, {@code ?new} may instantiate no class, {@code ?api} is off, and the object
 * wrapper is {@link SimpleObjectWrapper}, which wraps only maps, lists, strings, numbers and booleans (no bean
 * methods reach a template). Templates therefore receive plain data built in Java and cannot run code.
 */
public final class SiteTemplates {
    /** Where the built-in templates live on the classpath (module site-templates). */
    public static final String CLASSPATH_ROOT = "stagelight-site/templates";

    private final Configuration cfg;

    private SiteTemplates(Configuration cfg) {
        this.cfg = cfg;
    }

    /** Built-in templates, each overridable by a file of the same name in {@code userFolder}. */
    public static SiteTemplates create(Optional<Path> userFolder) throws IOException {
        Configuration cfg = new Configuration(Configuration.VERSION_2_3_35);
        ClassTemplateLoader builtIn = new ClassTemplateLoader(SiteTemplates.class.getClassLoader(), CLASSPATH_ROOT);
        TemplateLoader loader = builtIn;
        if (userFolder.isPresent()) {
            // FileTemplateLoader refuses names that resolve (through .. or symlinks) outside its folder.
            loader = new MultiTemplateLoader(new TemplateLoader[] {new FileTemplateLoader(userFolder.get().toFile()), builtIn});
        }
        cfg.setTemplateLoader(loader);
        cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        cfg.setAPIBuiltinEnabled(false);
        cfg.setObjectWrapper(new SimpleObjectWrapper(Configuration.VERSION_2_3_35));
        cfg.setRecognizeStandardFileExtensions(true);
        cfg.setDefaultEncoding("UTF-8");
        cfg.setOutputEncoding("UTF-8");
        cfg.setLocalizedLookup(false);
        cfg.setNumberFormat("computer");
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setLogTemplateExceptions(false);
        cfg.setWrapUncheckedExceptions(true);
        cfg.setFallbackOnNullLoopVariable(false);
        return new SiteTemplates(cfg);
    }

    /**
     * Renders template {@code name} with {@code model} (plain maps, lists, strings, numbers, booleans only).
     *
     * @throws IOException naming the template when it is missing, malformed or fails
     */
    public String render(String name, Map<String, ?> model) throws IOException {
        try {
            Template t = cfg.getTemplate(name);
            StringWriter out = new StringWriter();
            t.process(model, out);
            return out.toString();
        } catch (TemplateException e) {
            throw new IOException("template " + name + ": " + e.getMessageWithoutStackTop(), e);
        }
    }
}
