package dev.jdx.check.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdx.check.Finding;
import dev.jdx.check.LintConfig;
import dev.jdx.check.dockerignore.Builder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The context rules (JDX-D*), each with a context that triggers it and one that does not. */
class ContextRulesTest {
    @TempDir Path dir;

    private void files(String spec) throws IOException {
        for (String p : spec.split("\\s+")) {
            if (p.isEmpty()) continue;
            Path f = dir.resolve(p);
            Files.createDirectories(f.getParent());
            Files.writeString(f, "x");
        }
    }

    private List<Finding> lint(String dockerfile, String ignore, Builder builder) throws IOException {
        Files.writeString(dir.resolve("Dockerfile"), dockerfile.replace("\\n", "\n"));
        if (ignore != null) Files.writeString(dir.resolve(".dockerignore"), ignore.replace("\\n", "\n"));
        return new BuildLinter(LintConfig.defaults(), Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC))
                .lint(dir, null, builder).findings();
    }

    private static List<Finding> only(List<Finding> all, String id) {
        return all.stream().filter(f -> f.checkId().equals(id)).toList();
    }

    @ParameterizedTest(name = "[{index}] {3} {4}: files {0} ignore {2}")
    @CsvSource(delimiter = ';', nullValues = "NONE", textBlock = """
            # files;                           Dockerfile;                                   .dockerignore;            id;        fires
            .git/HEAD app.py;                  'FROM a:1\\nCOPY . /\\nUSER u';             NONE;                     JDX-D001;  true
            node_modules/x/i.js app.py;        'FROM a:1\\nCOPY . /\\nUSER u';             NONE;                     JDX-D001;  true
            target/app.jar;                    'FROM a:1\\nCOPY . /\\nUSER u';             NONE;                     JDX-D001;  true
            app.py;                            'FROM a:1\\nCOPY . /\\nUSER u';             NONE;                     JDX-D001;  false
            .git/HEAD app.py;                  'FROM a:1\\nCOPY . /\\nUSER u';             .git;                     JDX-D001;  false
            .env app.py;                       'FROM a:1\\nCOPY . /\\nUSER u';             NONE;                     JDX-D002;  true
            conf/server.key app.py;            'FROM a:1\\nCOPY . /\\nUSER u';             '*.log';                  JDX-D002;  true
            .ssh/id_rsa;                       'FROM a:1\\nCOPY . /\\nUSER u';             '*.log';                  JDX-D002;  true
            .env .env.example app.py;          'FROM a:1\\nCOPY . /\\nUSER u';             '**/.env';                JDX-D002;  false
            a.log app.py;                      'FROM a:1\\nCOPY . /\\nUSER u';             '*.log # logs';           JDX-D003;  true
            a.log app.py;                      'FROM a:1\\nCOPY . /\\nUSER u';             '# logs\\n*.log';         JDX-D003;  false
            app.py sub/a.log;                  'FROM a:1\\nCOPY . /\\nUSER u';             '*.log';                  JDX-D004;  true
            app.py sub/a.log;                  'FROM a:1\\nCOPY . /\\nUSER u';             '**/*.log';               JDX-D004;  false
            src/a.py src/b.txt;                'FROM a:1\\nCOPY . /\\nUSER u';             'src\\n!**/*.py';         JDX-D005;  true
            src/a.py src/b.txt;                'FROM a:1\\nCOPY . /\\nUSER u';             'src\\n!src/a.py';        JDX-D005;  false
            app.py;                            'FROM a:1\\nCOPY . /\\nUSER u';             'Dockerfile';             JDX-D006;  true
            app.py;                            'FROM a:1\\nCOPY . /\\nUSER u';             '.dockerignore';          JDX-D006;  true
            app.py;                            'FROM a:1\\nCOPY . /\\nUSER u';             '*.md';                   JDX-D006;  false
            app.py conf/app.yml;               'FROM a:1\\nCOPY conf /conf\\nUSER u';      'conf';                   JDX-D007;  true
            app.py conf/app.yml;               'FROM a:1\\nCOPY conf /conf\\nUSER u';      'conf\\n!conf/app.yml';   JDX-D007;  false
            app.py conf/app.yml;               'FROM a:1\\nCOPY *.py /app/\\nUSER u';      '*.py';                   JDX-D007;  true
            src/a.py src/a_test.py;            'FROM a:1\\nCOPY src /src\\nUSER u';        '**/*_test.py';           JDX-D008;  true
            src/a.py src/a_test.py;            'FROM a:1\\nCOPY src /src\\nUSER u';        '*.md';                   JDX-D008;  false
            app.py docs/a.md docs/b.md;        'FROM a:1\\nCOPY app.py /\\nUSER u';        '*.log';                  JDX-D009;  true
            app.py docs/a.md;                  'FROM a:1\\nCOPY app.py /\\nUSER u';        'docs';                   JDX-D009;  false
            app.py docs/a.md;                  'FROM a:1\\nCOPY . /\\nUSER u';             '*.log';                  JDX-D009;  false
            """)
    void rule(String files, String dockerfile, String ignore, String id, boolean fires) throws IOException {
        files(files);
        List<Finding> f = only(lint(dockerfile, ignore, Builder.BUILDKIT), id);
        if (fires) assertThat(f).isNotEmpty();
        else assertThat(f).isEmpty();
    }

    @Test
    void pemFilesAreSecretOnlyWithAPrivateKey() throws IOException {
        Files.createDirectories(dir.resolve("certs"));
        Files.writeString(dir.resolve("certs/ca.pem"), "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        Files.writeString(dir.resolve("certs/tls.pem"), "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n");
        assertThat(only(lint("FROM a:1\\nCOPY . /\\nUSER u", "*.log", Builder.BUILDKIT), "JDX-D002"))
                .extracting(Finding::message).singleElement().asString().contains("certs/tls.pem").contains("'**/*.pem'");
    }

    @Test
    void unusedPathsBeyondTenAreSummed() throws IOException {
        StringBuilder names = new StringBuilder("app.py");
        for (int k = 0; k < 13; k++) names.append(" n").append(k).append(".txt");
        files(names.toString());
        List<Finding> d009 = only(lint("FROM a:1\\nCOPY app.py /\\nUSER u", "*.log", Builder.BUILDKIT), "JDX-D009");
        assertThat(d009).hasSize(11);
        assertThat(d009.get(10).message()).isEqualTo("the context sends 3 more unused paths (3 files, 3 B)");
    }

    @Test
    void messagesNameTheIgnoreLineAndSizes() throws IOException {
        files("app.py conf/app.yml docs/a.md docs/b.md");
        List<Finding> all = lint("FROM a:1\\nCOPY conf /conf\\nCOPY app.py /\\nUSER u", "# keep\\nconf\\n", Builder.LEGACY);
        Finding d007 = only(all, "JDX-D007").get(0);
        assertThat(d007.file()).isEqualTo("Dockerfile");
        assertThat(d007.line()).isEqualTo(2);
        assertThat(d007.message()).isEqualTo("COPY conf: excluded by .dockerignore:2 ('conf'), the build fails");
        assertThat(only(all, "JDX-D009")).extracting(Finding::message).containsExactly("the context sends docs/ (2 files, 2 B) that no COPY/ADD uses");
    }

    @Test
    void d005NamesTheExceptionLine() throws IOException {
        files("src/a.py src/b.txt");
        Finding f = only(lint("FROM a:1\\nCOPY . /\\nUSER u", "src\\n!**/*.py\\n", Builder.BUILDKIT), "JDX-D005").get(0);
        assertThat(f.file()).isEqualTo(".dockerignore");
        assertThat(f.line()).isEqualTo(2);
        assertThat(f.message()).contains("src/a.py");
    }

    @Test
    void suppressionsInTheIgnoreFileAndCheckDirective() throws IOException {
        files("app.py");
        assertThat(only(lint("FROM a:1\\nCOPY . /\\nUSER u", "# jdx ignore=JDX-D004\\nnothing-here\\n", Builder.BUILDKIT), "JDX-D004")).isEmpty();
        assertThat(only(lint("FROM a:1\\nCOPY . /\\nUSER u", "nothing-here\\n", Builder.BUILDKIT), "JDX-D004")).hasSize(1);
        assertThat(only(lint("# check=skip=JDX-D004\\nFROM a:1\\nCOPY . /\\nUSER u", "nothing-here\\n", Builder.BUILDKIT), "JDX-D004")).isEmpty();
    }
}
