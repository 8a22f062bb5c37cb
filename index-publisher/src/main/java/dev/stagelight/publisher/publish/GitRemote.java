package dev.stagelight.publisher.publish;

import java.net.InetAddress;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import org.eclipse.jgit.transport.URIish;

/**
 * A remote as given with {@code --git}: an HTTPS or HTTP URL, a {@code git://} URL, or a local path (a bare
 * repository). User names and passwords inside the URL are refused: a URL on the command line is visible to every
 * user of the machine and lands in shell histories and CI logs. SSH is refused too: this build has no SSH client.
 */
public record GitRemote(URIish uri, String shown) {
    public static GitRemote parse(String url) throws PublishException {
        URIish u;
        try {
            u = new URIish(url);
        } catch (URISyntaxException e) {
            // The URL is not echoed: a malformed one may still hold a secret.
            throw new PublishException("--git: not a git URL or path (" + e.getReason() + ")");
        }
        if (u.getPass() != null || (u.getUser() != null && isHttp(u))) {
            throw new PublishException("--git: the URL holds a user name or password; give credentials with"
                    + " --credentials-file or " + GitCredentials.ENV_USERNAME + " and " + GitCredentials.ENV_PASSWORD
                    + " (or " + GitCredentials.ENV_TOKEN + ") instead, never on the command line");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        boolean local = scheme.isEmpty() && u.getHost() == null || scheme.equals("file");
        if (!local && !isHttp(u) && !scheme.equals("git")) {
            throw new PublishException("--git " + u + ": only https://, http://, git:// remotes and local paths are"
                    + " supported (no SSH client in this build); for GitHub use https:// with a token");
        }
        if (local && scheme.isEmpty()) {
            // JGit would resolve a relative path against its own work area, not where the user stands.
            try {
                u = new URIish(java.nio.file.Path.of(u.getPath()).toAbsolutePath().normalize().toString());
            } catch (URISyntaxException | java.nio.file.InvalidPathException e) {
                throw new PublishException("--git " + url + ": not a usable path (" + e.getMessage() + ")");
            }
        }
        return new GitRemote(u, u.toString());
    }

    static boolean isHttp(URIish u) {
        String s = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        return s.equals("http") || s.equals("https");
    }

    /** Credentials may go only where they stay secret: over HTTPS, or plain HTTP to this machine. */
    public void requireSafeFor(GitCredentials credentials) throws PublishException {
        if (!credentials.present()) {
            return;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https") || (scheme.equals("http") && isLoopback(uri.getHost()))) {
            return;
        }
        throw new PublishException("--git " + shown + ": credentials from " + credentials.source()
                + " are sent only over https:// (or http:// to 127.0.0.1); refusing to send them to this remote");
    }

    private static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        // Only literal addresses: a name would need a DNS look-up, and DNS can say anything.
        if (!host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+]?")) {
            return false;
        }
        try {
            return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return shown;
    }
}
