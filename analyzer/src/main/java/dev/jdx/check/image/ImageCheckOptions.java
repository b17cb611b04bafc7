package dev.jdx.check.image;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the image checks allow and where they draw lines; a policy file fills it.
 *
 * @param exclude            path globs ({@code /usr/share/**}, {@code **}{@code /tests/**}) the content and waste checks
 *                           skip
 * @param secretAllow        path globs where secret-looking files are expected (library test keys, ...); added to
 *                           {@link #DEFAULT_SECRET_ALLOW}
 * @param setuidAllow        file names or absolute paths allowed to be setuid/setgid; added to {@link #DEFAULT_SETUID_ALLOW}
 * @param trustedRegistries  registry host patterns the base may come from ({@code *} wildcards); empty: not checked
 * @param largeWasteBytes    reclaimable bytes from which JDX-I008 reports
 * @param today              the date end-of-life is judged against
 */
public record ImageCheckOptions(List<String> exclude, List<String> secretAllow, List<String> setuidAllow,
                                List<String> trustedRegistries, long largeWasteBytes, LocalDate today) {

    /** The setuid/setgid programs a distribution installs on purpose (dockle's usual list). */
    public static final List<String> DEFAULT_SETUID_ALLOW = List.of("passwd", "su", "ping", "ping6", "mount", "umount",
            "chsh", "newgrp", "gpasswd", "chfn", "unix_chkpwd", "expiry", "chage", "wall", "ssh-agent", "write",
            "bsd-write", "crontab", "ssh-keysign");

    /**
     * Where secret-looking files are known false positives (the reports dockle's CIS-DI-0010 is known for): test
     * fixtures of libraries and the installed Python / Node packages.
     */
    public static final List<String> DEFAULT_SECRET_ALLOW = List.of("**/tests/**", "**/test/**", "**/testdata/**",
            "**/site-packages/**", "**/dist-packages/**", "**/node_modules/**", "/usr/share/doc/**");

    public static final long DEFAULT_LARGE_WASTE = 10L * 1024 * 1024;

    public ImageCheckOptions {
        exclude = List.copyOf(exclude);
        secretAllow = List.copyOf(secretAllow);
        setuidAllow = List.copyOf(setuidAllow);
        trustedRegistries = List.copyOf(trustedRegistries);
        Objects.requireNonNull(today, "today");
    }

    public static ImageCheckOptions defaults(LocalDate today) {
        return new ImageCheckOptions(List.of(), List.of(), List.of(), List.of(), DEFAULT_LARGE_WASTE, today);
    }

    /** The options a policy asks for. */
    public static ImageCheckOptions from(dev.jdx.check.Policy p, LocalDate today) {
        return new ImageCheckOptions(p.exclude(), p.allowSecrets(), p.allowSetuid(), p.trustedRegistries(),
                p.largeWasteBytes() == null ? DEFAULT_LARGE_WASTE : p.largeWasteBytes(), today);
    }

    /** Compiled globs; a glob matches an absolute image path. */
    static final class Globs {
        private final List<PathMatcher> matchers = new ArrayList<>();

        Globs(List<String> globs) {
            for (String g : globs) matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + g));
        }

        boolean matches(String path) {
            if (matchers.isEmpty()) return false; // the usual case: no excludes, and a Path per file is not free
            Path p = Path.of(path);
            for (PathMatcher m : matchers) if (m.matches(p)) return true;
            return false;
        }
    }

}
