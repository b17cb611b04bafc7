package dev.jdx.check.dockerfile;

import dev.jdx.check.Check;
import dev.jdx.check.Severity;
import java.util.List;

/** The registry of build checks: every id jdx lint can report, with severity, why and fix. Ids are never reused. */
public final class BuildChecks {
    private BuildChecks() {}

    // .dockerignore and the build context
    public static final Check D001 = new Check("JDX-D001", Severity.MEDIUM, "No .dockerignore while the context holds VCS data, dependencies, build output or large files",
            "Without an ignore file the whole directory is sent to the builder: slow builds, cache misses on every change, and `COPY . .` puts it all in the image.",
            "Add a .dockerignore that excludes .git, node_modules, build output and large files (e.g. `.git`, `**/node_modules`, `target`).");
    public static final Check D002 = new Check("JDX-D002", Severity.HIGH, "Secrets (.env, private keys, credential files) are sent in the build context",
            "Files in the context can end up in an image layer (`COPY . .`) or the build cache, where anyone with the image can read them.",
            "Exclude them in the ignore file (e.g. `**/.env`, `**/*.pem`, `**/id_rsa`) and pass secrets with `RUN --mount=type=secret`.");
    public static final Check D003 = new Check("JDX-D003", Severity.MEDIUM, "Inline # comment in an ignore pattern",
            "Only a # in column 1 starts a comment; `foo # note` is the literal pattern `foo # note` and foo is not excluded.",
            "Move the comment to a line of its own.");
    public static final Check D004 = new Check("JDX-D004", Severity.LOW, "Ignore pattern matches nothing in the context",
            "A pattern that matches nothing is usually a typo or a path anchored wrongly (`foo` only matches at the context root; `**/foo` matches anywhere).",
            "Fix the pattern (often add `**/`) or remove it.");
    public static final Check D005 = new Check("JDX-D005", Severity.MEDIUM, "Exception that the legacy builder never applies",
            "The classic builder skips an excluded directory unless an exception literally starts with its path, so a wildcard exception such as `!**/*.py` never re-includes files inside it; BuildKit does. Builds differ between builders.",
            "Write the exception with the literal directory prefix (e.g. `!src/**/*.py`) or avoid excluding the parent directory.");
    public static final Check D006 = new Check("JDX-D006", Severity.INFO, "Ignore pattern excludes the Dockerfile or the ignore file",
            "The Dockerfile and the ignore file always reach the builder; excluding them only stops COPY from using them.",
            "Nothing breaks; remove the pattern if the intent was to keep them out of the build, or keep it to keep them out of COPY.");
    public static final Check D007 = new Check("JDX-D007", Severity.HIGH, "COPY/ADD source excluded by the ignore file",
            "The source exists in the directory but the ignore file keeps it out of the context: the build fails with 'not found'.",
            "Add an exception (`!path`) for the source or change the COPY.");
    public static final Check D008 = new Check("JDX-D008", Severity.LOW, "Part of a COPY/ADD source is excluded by the ignore file",
            "Files under the source directory are silently left out of the image; fine when intended, a surprise when not.",
            "Check the listed files are meant to be left out; otherwise add `!` exceptions.");
    public static final Check D009 = new Check("JDX-D009", Severity.INFO, "Context sends files that no COPY/ADD uses",
            "Every byte of the context is sent to the builder and hashed on each build even when no instruction uses it.",
            "Exclude the listed paths in the ignore file.");

    // base images and stages
    public static final Check B001 = new Check("JDX-B001", Severity.MEDIUM, "FROM without a tag",
            "An untagged image means `:latest`, which changes under you: builds are not reproducible.",
            "Pin a version tag (e.g. `debian:12.7-slim`), ideally with a digest.");
    public static final Check B002 = new Check("JDX-B002", Severity.MEDIUM, "FROM uses :latest",
            "`latest` moves whenever upstream publishes; the same Dockerfile builds different images.",
            "Use a version tag, ideally pinned by digest.");
    public static final Check B003 = new Check("JDX-B003", Severity.LOW, "Base image not pinned by digest",
            "Tags are mutable; only a digest guarantees the exact base bytes (reported when digests are required).",
            "Append `@sha256:<digest>` to the image reference and update it deliberately (e.g. with Renovate).");
    public static final Check B004 = new Check("JDX-B004", Severity.HIGH, "Base image from a registry that is not trusted",
            "The base image comes from a registry outside the configured trusted list.",
            "Use an image from a trusted registry (or mirror it there), or extend the trusted list.");
    public static final Check B005 = new Check("JDX-B005", Severity.HIGH, "End-of-life base image",
            "The distribution or runtime no longer receives security fixes; vulnerabilities found after its end of life stay open.",
            "Move to a supported release of the image.");
    public static final Check B006 = new Check("JDX-B006", Severity.LOW, "FROM --platform with a constant value",
            "A hard-coded platform defeats multi-platform builds and emulates on other hosts; BuildKit warns about it too.",
            "Drop the flag or use `--platform=$BUILDPLATFORM` / `$TARGETPLATFORM`.");
    public static final Check B007 = new Check("JDX-B007", Severity.MEDIUM, "ARG used in FROM without a default",
            "Without a default the FROM reference is empty or malformed unless every build passes --build-arg.",
            "Give the ARG a default value (`ARG VERSION=1.2`).");
    public static final Check B008 = new Check("JDX-B008", Severity.LOW, "Stage name is not lower case",
            "Stage names are matched case-insensitively and conventionally lower case; mixed case invites mismatches.",
            "Write stage names in lower case.");
    public static final Check B009 = new Check("JDX-B009", Severity.HIGH, "Reserved stage name",
            "`scratch` and `context` have special meanings; a stage with that name is ambiguous or rejected.",
            "Rename the stage.");
    public static final Check B010 = new Check("JDX-B010", Severity.HIGH, "COPY --from refers to an unknown stage",
            "No earlier stage has that name or index: the builder treats it as an image name and pulls it, or fails.",
            "Refer to a stage defined earlier (`FROM ... AS build`, then `COPY --from=build`) or to a full image reference.");
    public static final Check B011 = new Check("JDX-B011", Severity.HIGH, "Duplicate stage name",
            "Two stages with the same name make --from and --target ambiguous; BuildKit rejects it.",
            "Give each stage a distinct name.");

    // Dockerfile practice
    public static final Check P001 = new Check("JDX-P001", Severity.MEDIUM, "apt-get update alone in a RUN",
            "A cached `apt-get update` layer goes stale while later `apt-get install` layers are rebuilt: installs fail or get old packages.",
            "Combine them: `RUN apt-get update && apt-get install -y ... && rm -rf /var/lib/apt/lists/*`.");
    public static final Check P002 = new Check("JDX-P002", Severity.MEDIUM, "apt-get install without -y",
            "Without -y apt asks for confirmation, which aborts a non-interactive build.",
            "Add `-y`.");
    public static final Check P003 = new Check("JDX-P003", Severity.LOW, "apt-get install without --no-install-recommends",
            "Recommended packages are pulled in too, making the image larger with software nobody asked for.",
            "Add `--no-install-recommends` and list what is really needed.");
    public static final Check P004 = new Check("JDX-P004", Severity.LOW, "apt lists not removed",
            "The package lists in /var/lib/apt/lists stay in the layer (tens of MB).",
            "End the same RUN with `&& rm -rf /var/lib/apt/lists/*` (or use a cache mount).");
    public static final Check P005 = new Check("JDX-P005", Severity.LOW, "apk add without --no-cache",
            "The apk index cache stays in the layer.",
            "Use `apk add --no-cache ...`.");
    public static final Check P006 = new Check("JDX-P006", Severity.LOW, "pip install without --no-cache-dir",
            "pip's download cache stays in the layer.",
            "Use `pip install --no-cache-dir ...` (or set PIP_NO_CACHE_DIR=1, or a cache mount).");
    public static final Check P007 = new Check("JDX-P007", Severity.MEDIUM, "ADD of a URL",
            "ADD downloads without checksum verification unless --checksum is given, and the file stays in a layer.",
            "Use `RUN curl -fsSL ... | sha256sum -c` style downloads, or `ADD --checksum=sha256:...`.");
    public static final Check P008 = new Check("JDX-P008", Severity.LOW, "ADD of a plain local file",
            "ADD has extra magic (archive extraction, URLs); for plain files COPY says what it does.",
            "Use COPY.");
    public static final Check P009 = new Check("JDX-P009", Severity.LOW, "cd in RUN instead of WORKDIR",
            "`cd` only lasts for one RUN; later instructions silently run elsewhere.",
            "Use WORKDIR to change directory.");
    public static final Check P010 = new Check("JDX-P010", Severity.LOW, "Relative WORKDIR",
            "A relative WORKDIR depends on the previous one (and on the base image's), which is easy to get wrong.",
            "Use an absolute path.");
    public static final Check P011 = new Check("JDX-P011", Severity.LOW, "Shell-form CMD or ENTRYPOINT",
            "In shell form the process runs under /bin/sh -c and does not receive signals such as SIGTERM: containers stop only after the kill timeout.",
            "Use the JSON (exec) form: `CMD [\"app\", \"--flag\"]`.");
    public static final Check P012 = new Check("JDX-P012", Severity.HIGH, "Secret-looking name in ARG or ENV",
            "ARG and ENV values are stored in the image config and history, readable by anyone who pulls the image.",
            "Pass secrets with `RUN --mount=type=secret,id=...` instead.");
    public static final Check P013 = new Check("JDX-P013", Severity.MEDIUM, "Final stage runs as root",
            "A process running as root in the container makes any escape or write-anywhere bug far worse.",
            "Add a non-root user and end with `USER <name>`.");
    public static final Check P014 = new Check("JDX-P014", Severity.HIGH, "Piping a download into a shell",
            "`curl ... | sh` runs whatever the server sends, unverified, and a failed download may run half a script.",
            "Download to a file, verify its checksum or signature, then run it.");
    public static final Check P015 = new Check("JDX-P015", Severity.MEDIUM, "sudo in RUN",
            "Builds already run as the current USER; sudo adds a setuid binary and unpredictable TTY and environment behaviour.",
            "Switch users with USER, or run the command as root before dropping privileges.");
    public static final Check P016 = new Check("JDX-P016", Severity.INFO, "MAINTAINER is deprecated",
            "MAINTAINER has been deprecated since Docker 1.13.",
            "Use `LABEL org.opencontainers.image.authors=\"...\"`.");
    public static final Check P017 = new Check("JDX-P017", Severity.LOW, "Several CMD, ENTRYPOINT or HEALTHCHECK instructions in one stage",
            "Only the last one takes effect; the others are dead code that misleads readers.",
            "Keep only one.");
    public static final Check P018 = new Check("JDX-P018", Severity.HIGH, "Invalid EXPOSE",
            "EXPOSE takes ports 0-65535 (or a range) with an optional /tcp, /udp or /sctp; host:container mappings are not allowed and break the build.",
            "Write `EXPOSE 8080` or `EXPOSE 8080/udp`; map host ports at run time.");
    public static final Check P019 = new Check("JDX-P019", Severity.LOW, "Inconsistent instruction casing",
            "Mixing `RUN` and `run` makes the file harder to read; BuildKit warns about it.",
            "Write every instruction in the same case (upper case by convention).");
    public static final Check P020 = new Check("JDX-P020", Severity.MEDIUM, "Undefined variable",
            "The variable is not declared by ARG or ENV in this stage, so it expands to an empty string.",
            "Declare it with ARG (with a default) or ENV before use, or fix the name.");

    /** Every build check, in id order. */
    public static final List<Check> ALL = List.of(D001, D002, D003, D004, D005, D006, D007, D008, D009,
            B001, B002, B003, B004, B005, B006, B007, B008, B009, B010, B011,
            P001, P002, P003, P004, P005, P006, P007, P008, P009, P010, P011, P012, P013, P014, P015, P016, P017, P018, P019, P020);

    /** The check with {@code id} (case-insensitive), or null. */
    public static Check byId(String id) {
        for (Check c : ALL) if (c.id().equalsIgnoreCase(id)) return c;
        return null;
    }
}
