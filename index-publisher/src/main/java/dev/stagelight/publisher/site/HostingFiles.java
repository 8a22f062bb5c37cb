package dev.stagelight.publisher.site;

import java.io.IOException;

/**
 * Hosting advice written next to the site, for hosts that honour it: {@code _headers} (Netlify, Cloudflare Pages
 * and alike) and an nginx snippet. The checkpoint and the pages that change on every append are short-lived; full
 * tiles, full pages, manifests and kept checkpoints never change and are immutable; JSON and tiles are readable
 * cross-origin, so other sites and the verifier can fetch them; every page gets the CSP that forbids inline script.
 * The local preview server applies the same rules ({@link HeaderRules}).
 */
final class HostingFiles {
    private HostingFiles() {}

    static void write(SiteWriter out) throws IOException {
        out.write("_headers", netlify());
        out.write("hosting-nginx.conf", nginx());
    }

    static String netlify() {
        StringBuilder b = new StringBuilder("# Headers for hosts that read _headers (Netlify, Cloudflare Pages). Written by stagelight publish.\n");
        b.append("/*\n  Content-Security-Policy: ").append(HeaderRules.csp()).append("\n")
                .append("  X-Content-Type-Options: nosniff\n  Referrer-Policy: no-referrer\n");
        for (HeaderRules.Rule r : HeaderRules.RULES) {
            b.append(r.netlifyPattern()).append("\n  Cache-Control: ").append(r.cacheControl()).append('\n');
            if (r.cors()) {
                b.append("  Access-Control-Allow-Origin: *\n");
            }
        }
        return b.toString();
    }

    static String nginx() {
        StringBuilder b = new StringBuilder("# nginx snippet for a Stagelight index (include it in the server block). Written by stagelight publish.\n");
        b.append("add_header Content-Security-Policy \"").append(HeaderRules.csp()).append("\" always;\n")
                .append("add_header X-Content-Type-Options nosniff always;\n")
                .append("types { application/json json; application/atom+xml atom; text/plain vkey; }\n");
        for (HeaderRules.Rule r : HeaderRules.RULES) {
            b.append("location ~ ").append(r.nginxRegex()).append(" {\n    add_header Cache-Control \"")
                    .append(r.cacheControl()).append("\" always;\n");
            if (r.cors()) {
                b.append("    add_header Access-Control-Allow-Origin \"*\" always;\n");
            }
            b.append("    add_header Content-Security-Policy \"").append(HeaderRules.csp()).append("\" always;\n}\n");
        }
        return b.toString();
    }
}
