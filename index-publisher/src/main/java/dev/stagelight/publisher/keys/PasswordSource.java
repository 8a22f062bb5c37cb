package dev.stagelight.publisher.keys;

import dev.stagelight.verifier.keys.KeyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the password of an encrypted key comes from: an environment variable or a file, never a command-line argument
 * (arguments are visible to every user in the process list and end up in shell history and CI logs).
 */
public interface PasswordSource {
    /** The password; the caller wipes the array after use. */
    char[] password() throws KeyException;

    /** Names the source in messages, never the password itself. */
    String describe();

    /** The password is the value of environment variable {@code variable}. */
    static PasswordSource environment(String variable) {
        return environment(variable, System.getenv());
    }

    /** As {@link #environment(String)}, reading from the given environment (tests, embedding). */
    static PasswordSource environment(String variable, Map<String, String> env) {
        return new PasswordSource() {
            @Override
            public char[] password() throws KeyException {
                String v = env.get(variable);
                if (v == null) {
                    throw new KeyException("environment variable " + variable + " is not set (it should hold the key password)");
                }
                return v.toCharArray();
            }

            @Override
            public String describe() {
                return "environment variable " + variable;
            }
        };
    }

    /** The password is the content of {@code file}, without one trailing newline (as {@code echo} writes it). */
    static PasswordSource file(Path file) {
        return new PasswordSource() {
            @Override
            public char[] password() throws KeyException {
                String s;
                try {
                    s = Files.readString(file, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new KeyException(file + ": cannot read the password file: " + e.getMessage(), e);
                }
                if (s.endsWith("\r\n")) {
                    s = s.substring(0, s.length() - 2);
                } else if (s.endsWith("\n")) {
                    s = s.substring(0, s.length() - 1);
                }
                return s.toCharArray();
            }

            @Override
            public String describe() {
                return "password file " + file;
            }
        };
    }

    /** No password available: loading an encrypted key fails with a message saying how to give one. */
    static PasswordSource none() {
        return new PasswordSource() {
            @Override
            public char[] password() throws KeyException {
                throw new KeyException("the key is encrypted and no password source was given (use an environment variable or a password file)");
            }

            @Override
            public String describe() {
                return "no password";
            }
        };
    }
}
