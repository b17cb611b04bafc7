package dev.jdx.check.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DockerfileParserTest {

    @Test
    void continuationsCommentsAndLineNumbers() throws Exception {
        Dockerfile df = DockerfileParser.parse("Dockerfile", """
                # syntax=docker/dockerfile:1.7
                # check=skip=JDX-P013

                FROM alpine:3.20 AS base
                # a comment
                RUN apk add \\
                # comment inside a continuation
                      curl \\

                      git
                CMD ["sh", "-c", "echo hi"]
                """);
        assertThat(df.directives()).containsEntry("syntax", "docker/dockerfile:1.7").containsEntry("check", "skip=JDX-P013");
        assertThat(df.instructions()).extracting(Instruction::command).containsExactly("FROM", "RUN", "CMD");
        Instruction run = df.instructions().get(1);
        assertThat(run.line()).isEqualTo(6);
        assertThat(run.endLine()).isEqualTo(10);
        assertThat(run.rest().replaceAll("\\s+", " ")).isEqualTo("apk add curl git");
        assertThat(df.instructions().get(2).json()).containsExactly("sh", "-c", "echo hi");
        assertThat(df.stages()).hasSize(1);
        assertThat(df.stages().get(0).name()).isEqualTo("base");
    }

    @Test
    void escapeDirectiveChangesTheContinuationCharacter() throws Exception {
        Dockerfile df = DockerfileParser.parse("Dockerfile", "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir `\n  c:\\\nCOPY a b\n");
        assertThat(df.escape()).isEqualTo('`');
        assertThat(df.instructions()).extracting(Instruction::command).containsExactly("FROM", "RUN", "COPY");
        assertThat(df.instructions().get(1).rest()).contains("c:\\");
    }

    @Test
    void directivesOnlyAtTheTop() throws Exception {
        Dockerfile df = DockerfileParser.parse("Dockerfile", "FROM a:1\n# escape=`\nRUN x \\\n y\n");
        assertThat(df.directives()).isEmpty();
        assertThat(df.escape()).isEqualTo('\\');
        assertThat(df.instructions()).hasSize(2);
    }

    @Test
    void heredocs() throws Exception {
        Dockerfile df = DockerfileParser.parse("Dockerfile", """
                FROM debian:12
                RUN <<EOF
                apt-get update
                apt-get install -y curl
                EOF
                COPY <<-"CONF" /etc/app.conf
                \tkey=value
                \tCONF
                USER app
                """);
        assertThat(df.instructions()).extracting(Instruction::command).containsExactly("FROM", "RUN", "COPY", "USER");
        Heredoc h = df.instructions().get(1).heredocs().get(0);
        assertThat(h.name()).isEqualTo("EOF");
        assertThat(h.content()).isEqualTo("apt-get update\napt-get install -y curl\n");
        Heredoc conf = df.instructions().get(2).heredocs().get(0);
        assertThat(conf.chomp()).isTrue();
        assertThat(conf.expand()).isFalse();
        assertThat(conf.content()).isEqualTo("key=value\n");
        assertThat(df.instructions().get(3).line()).isEqualTo(9);
        assertThatThrownBy(() -> DockerfileParser.parse("Dockerfile", "FROM a:1\nRUN <<EOF\necho\n"))
                .isInstanceOf(DockerfileException.class).hasMessage("Dockerfile:2: unterminated heredoc <<EOF");
    }

    @Test
    void argSubstitutionInFromAndStages() throws Exception {
        Dockerfile df = DockerfileParser.parse("Dockerfile", """
                ARG BASE=debian
                ARG TAG=12-slim
                FROM ${BASE}:${TAG} AS build
                RUN make
                FROM --platform=$BUILDPLATFORM $BASE:${TAG:-x}
                COPY --from=build /out /out
                """);
        assertThat(df.globalArgs()).containsEntry("BASE", "debian").containsEntry("TAG", "12-slim");
        assertThat(df.stages()).extracting(Stage::resolvedImage).containsExactly("debian:12-slim", "debian:12-slim");
        assertThat(df.stages().get(1).from().flag("platform")).isEqualTo("$BUILDPLATFORM");
        assertThat(df.stages().get(1).instructions().get(0).flag("from")).isEqualTo("build");
        assertThat(df.stage("BUILD")).isSameAs(df.stages().get(0));
    }

    @Test
    void shellFormWhenNotJsonAndSuppressions() throws Exception {
        Dockerfile df = DockerfileParser.parse("Dockerfile", "FROM a:1\n# jdx ignore=JDX-P011\nCMD [not json]\nENTRYPOINT [\"a\", 1]\n");
        assertThat(df.instructions().get(1).json()).isNull();
        assertThat(df.instructions().get(2).json()).isNull();
        assertThat(df.suppressions()).containsEntry(3, java.util.Set.of("JDX-P011"));
    }

    @Test
    void argAndEnvDefinitions() throws Exception {
        Dockerfile df = DockerfileParser.parse("Dockerfile", "FROM a:1\nARG A=1 B\nENV X=\"a b\" Y=2\nENV OLD legacy value\n");
        List<Instruction> i = df.stages().get(0).instructions();
        assertThat(DockerfileParser.argDefinitions(i.get(0))).containsEntry("A", "1").containsEntry("B", null);
        assertThat(DockerfileParser.envDefinitions(i.get(1))).containsEntry("X", "a b").containsEntry("Y", "2");
        assertThat(DockerfileParser.envDefinitions(i.get(2))).containsEntry("OLD", "legacy value");
    }
}
