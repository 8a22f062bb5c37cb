package dev.stagelight.publisher.site;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The caching and CORS rules of the site, one list for the hosting files and the preview server. Order matters:
 * the first rule whose pattern matches a path wins. Tiles never change, partial ones included (the width is in
 * their path), nor do manifests, keys, kept checkpoints and entry pages; listings, shards and home do.
 */
public final class HeaderRules {
    public static final String SHORT = "public, max-age=60";
    public static final String IMMUTABLE = "public, max-age=31536000, immutable";

    /** One rule: a path regex (relative, no leading slash), its Netlify pattern and nginx location, the headers. */
    public record Rule(Pattern path, String netlifyPattern, String nginxRegex, String cacheControl, boolean cors) {}

    public static final List<Rule> RULES = List.of(
            rule("checkpoint", "/checkpoint", "^/checkpoint$", "no-store", true),
            rule("tile/.*", "/tile/*", "^/tile/", IMMUTABLE, true),
            rule("checkpoints/.*", "/checkpoints/*", "^/checkpoints/", IMMUTABLE, true),
            rule("manifests/.*", "/manifests/*", "^/manifests/", IMMUTABLE, true),
            rule("keys/.*", "/keys/*", "^/keys/", IMMUTABLE, true),
            rule("entries/.*", "/entries/*", "^/entries/", IMMUTABLE, false),
            rule("api/.*", "/api/*", "^/api/", SHORT, true),
            rule("index\\.json", "/index.json", "^/index\\.json$", "no-cache", true),
            rule("(index\\.html|)", "/", "^/(index\\.html)?$", "no-cache", false));

    private HeaderRules() {}

    private static Rule rule(String regex, String netlify, String nginx, String cache, boolean cors) {
        return new Rule(Pattern.compile(regex), netlify, nginx, cache, cors);
    }

    /** The Cache-Control for a relative path. */
    public static String cacheControl(String path) {
        for (Rule r : RULES) {
            if (r.path().matcher(path).matches()) {
                return r.cacheControl();
            }
        }
        return SHORT;
    }

    public static boolean cors(String path) {
        for (Rule r : RULES) {
            if (r.path().matcher(path).matches()) {
                return r.cors();
            }
        }
        return path.endsWith(".json");
    }

    /** The CSP header value (the meta tag's policy plus what only a header can say). */
    public static String csp() {
        return SiteRenderer.CSP + "; frame-ancestors 'none'";
    }
}
