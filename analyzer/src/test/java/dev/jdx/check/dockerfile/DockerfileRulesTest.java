package dev.jdx.check.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdx.check.Finding;
import dev.jdx.check.LintConfig;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each Dockerfile rule with a Dockerfile that triggers it and one that does not ({@code \n} separates lines). */
class DockerfileRulesTest {
    static final LocalDate TODAY = LocalDate.of(2026, 11, 26);

    static List<Finding> run(String dockerfile, LintConfig config) throws Exception {
        Dockerfile df = DockerfileParser.parse("Dockerfile", dockerfile.replace("\\n", "\n"));
        return DockerfileRules.check(df, config, TODAY, EolTable.embedded());
    }

    @ParameterizedTest(name = "[{index}] {1} {2}: {0}")
    @CsvSource(delimiter = ';', quoteCharacter = '~', textBlock = """
            FROM debian\\nUSER app                                              ; JDX-B001 ; true
            FROM debian:12\\nUSER app                                           ; JDX-B001 ; false
            FROM debian@sha256:0123\\nUSER app                                  ; JDX-B001 ; false
            FROM scratch                                                        ; JDX-B001 ; false
            FROM golang:1.25 AS build\\nFROM build\\nUSER app                    ; JDX-B001 ; false
            FROM debian:latest\\nUSER app                                       ; JDX-B002 ; true
            FROM debian:12\\nUSER app                                           ; JDX-B002 ; false
            FROM debian:9\\nUSER app                                            ; JDX-B005 ; true
            FROM debian:stretch-slim\\nUSER app                                 ; JDX-B005 ; true
            FROM debian:12-slim\\nUSER app                                      ; JDX-B005 ; false
            FROM node:16-alpine\\nUSER app                                      ; JDX-B005 ; true
            FROM node:22\\nUSER app                                             ; JDX-B005 ; false
            FROM python:3.7-slim\\nUSER app                                     ; JDX-B005 ; true
            FROM python:3.11\\nUSER app                                         ; JDX-B005 ; false
            FROM docker.io/library/centos:7\\nUSER app                          ; JDX-B005 ; true
            FROM ubuntu:focal\\nUSER app                                        ; JDX-B005 ; true
            FROM ubuntu:24.04\\nUSER app                                        ; JDX-B005 ; false
            FROM alpine:3.14\\nUSER app                                         ; JDX-B005 ; true
            FROM openjdk:11-jre-slim\\nUSER app                                 ; JDX-B005 ; true
            FROM golang:1.19\\nUSER app                                         ; JDX-B005 ; true
            FROM php:7.4-fpm\\nUSER app                                         ; JDX-B005 ; true
            FROM ruby:2.7\\nUSER app                                            ; JDX-B005 ; true
            FROM nginx:1.20\\nUSER app                                          ; JDX-B005 ; true
            FROM amazonlinux:2\\nUSER app                                       ; JDX-B005 ; true
            FROM registry.access.redhat.com/ubi7/ubi:7.9\\nUSER app             ; JDX-B005 ; true
            FROM fedora:38\\nUSER app                                           ; JDX-B005 ; true
            FROM eclipse-temurin:20-jdk\\nUSER app                              ; JDX-B005 ; true
            FROM eclipse-temurin:21-jdk\\nUSER app                              ; JDX-B005 ; false
            FROM --platform=linux/amd64 debian:12\\nUSER app                    ; JDX-B006 ; true
            FROM --platform=$BUILDPLATFORM debian:12\\nUSER app                 ; JDX-B006 ; false
            ARG V\\nFROM debian:$V\\nUSER app                                    ; JDX-B007 ; true
            ARG V=12\\nFROM debian:$V\\nUSER app                                 ; JDX-B007 ; false
            FROM debian:12 AS Build\\nUSER app                                  ; JDX-B008 ; true
            FROM debian:12 AS build\\nUSER app                                  ; JDX-B008 ; false
            FROM debian:12 AS scratch\\nUSER app                                ; JDX-B009 ; true
            FROM debian:12 AS context\\nUSER app                                ; JDX-B009 ; true
            FROM debian:12 AS base\\nUSER app                                   ; JDX-B009 ; false
            FROM debian:12 AS a\\nFROM debian:12\\nCOPY --from=b /x /x\\nUSER app  ; JDX-B010 ; true
            FROM debian:12 AS a\\nFROM debian:12\\nCOPY --from=1 /x /x\\nUSER app  ; JDX-B010 ; true
            FROM debian:12 AS a\\nFROM debian:12\\nCOPY --from=a /x /x\\nUSER app  ; JDX-B010 ; false
            FROM debian:12 AS a\\nFROM debian:12\\nCOPY --from=0 /x /x\\nUSER app  ; JDX-B010 ; false
            FROM debian:12\\nCOPY --from=nginx:1.27 /x /x\\nUSER app             ; JDX-B010 ; false
            FROM debian:12 AS a\\nFROM debian:12 AS A\\nUSER app                  ; JDX-B011 ; true
            FROM debian:12 AS a\\nFROM debian:12 AS b\\nUSER app                  ; JDX-B011 ; false
            FROM debian:12\\nRUN apt-get update\\nUSER app                       ; JDX-P001 ; true
            FROM debian:12\\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\\nUSER app ; JDX-P001 ; false
            FROM debian:12\\nRUN apt-get update && apt-get install curl\\nUSER app ; JDX-P002 ; true
            FROM debian:12\\nRUN apt-get update && apt-get install -qy curl\\nUSER app ; JDX-P002 ; false
            FROM debian:12\\nRUN apt-get install -y curl\\nUSER app             ; JDX-P003 ; true
            FROM debian:12\\nRUN apt-get install -y --no-install-recommends curl\\nUSER app ; JDX-P003 ; false
            FROM debian:12\\nRUN apt-get install -y curl\\nUSER app             ; JDX-P004 ; true
            FROM debian:12\\nRUN apt-get install -y curl && rm -rf /var/lib/apt/lists/*\\nUSER app ; JDX-P004 ; false
            FROM debian:12\\nRUN --mount=type=cache,target=/var/lib/apt apt-get install -y curl\\nUSER app ; JDX-P004 ; false
            FROM alpine:3.22\\nRUN apk add curl\\nUSER app                      ; JDX-P005 ; true
            FROM alpine:3.22\\nRUN apk add --no-cache curl\\nUSER app           ; JDX-P005 ; false
            FROM python:3.13\\nRUN pip install flask\\nUSER app                 ; JDX-P006 ; true
            FROM python:3.13\\nRUN python3 -m pip install flask\\nUSER app      ; JDX-P006 ; true
            FROM python:3.13\\nRUN pip install --no-cache-dir flask\\nUSER app  ; JDX-P006 ; false
            FROM python:3.13\\nENV PIP_NO_CACHE_DIR=1\\nRUN pip install flask\\nUSER app ; JDX-P006 ; false
            FROM debian:12\\nADD https://example.com/x.tgz /x\\nUSER app       ; JDX-P007 ; true
            FROM debian:12\\nADD --checksum=sha256:ab https://example.com/x /x\\nUSER app ; JDX-P007 ; false
            FROM debian:12\\nADD app.py /app/\\nUSER app                        ; JDX-P008 ; true
            FROM debian:12\\nADD rootfs.tar.gz /\\nUSER app                     ; JDX-P008 ; false
            FROM debian:12\\nRUN cd /src && make\\nUSER app                     ; JDX-P009 ; true
            FROM debian:12\\nWORKDIR /src\\nRUN make\\nUSER app                 ; JDX-P009 ; false
            FROM debian:12\\nWORKDIR app\\nUSER app                             ; JDX-P010 ; true
            FROM debian:12\\nWORKDIR /app\\nUSER app                            ; JDX-P010 ; false
            FROM debian:12\\nCMD python app.py\\nUSER app                       ; JDX-P011 ; true
            FROM debian:12\\nENTRYPOINT exec app\\nUSER app                     ; JDX-P011 ; true
            FROM debian:12\\nCMD ["python", "app.py"]\\nUSER app               ; JDX-P011 ; false
            FROM debian:12\\nARG GITHUB_TOKEN\\nUSER app                        ; JDX-P012 ; true
            FROM debian:12\\nENV DB_PASSWORD=x\\nUSER app                       ; JDX-P012 ; true
            FROM debian:12\\nENV AWS_SECRET_ACCESS_KEY=x\\nUSER app             ; JDX-P012 ; true
            FROM debian:12\\nENV KEYBOARD=us TOKENIZER=x\\nUSER app             ; JDX-P012 ; false
            FROM debian:12                                                      ; JDX-P013 ; true
            FROM debian:12\\nUSER root                                          ; JDX-P013 ; true
            FROM debian:12\\nUSER 0:0                                           ; JDX-P013 ; true
            FROM debian:12\\nUSER app\\nFROM debian:12                          ; JDX-P013 ; true
            FROM debian:12\\nUSER root\\nRUN x\\nUSER 1000                       ; JDX-P013 ; false
            FROM debian:12 AS base\\nUSER app\\nFROM base\\nRUN x                  ; JDX-P013 ; false
            FROM debian:12 AS base\\nUSER root\\nFROM base\\nRUN x                 ; JDX-P013 ; true
            FROM debian:12\\nRUN curl -fsSL https://get.example.com | sh\\nUSER app ; JDX-P014 ; true
            FROM debian:12\\nRUN wget -qO- https://x.io/i.sh | sudo bash -s\\nUSER app ; JDX-P014 ; true
            FROM debian:12\\nRUN curl -fsSLo /tmp/i.sh https://x.io/i.sh && sha256sum -c s\\nUSER app ; JDX-P014 ; false
            FROM debian:12\\nRUN sudo apt-get install -y x\\nUSER app             ; JDX-P015 ; true
            FROM debian:12\\nRUN echo pseudo\\nUSER app                         ; JDX-P015 ; false
            FROM debian:12\\nMAINTAINER me\\nUSER app                           ; JDX-P016 ; true
            FROM debian:12\\nLABEL org.opencontainers.image.authors=me\\nUSER app ; JDX-P016 ; false
            FROM debian:12\\nCMD ["a"]\\nCMD ["b"]\\nUSER app                    ; JDX-P017 ; true
            FROM debian:12 AS a\\nCMD ["a"]\\nFROM debian:12\\nCMD ["b"]\\nUSER app ; JDX-P017 ; false
            FROM debian:12\\nEXPOSE 80:80\\nUSER app                            ; JDX-P018 ; true
            FROM debian:12\\nEXPOSE 70000\\nUSER app                            ; JDX-P018 ; true
            FROM debian:12\\nEXPOSE 80/http\\nUSER app                          ; JDX-P018 ; true
            FROM debian:12\\nEXPOSE 80 443/tcp 53/udp 8000-8010\\nUSER app      ; JDX-P018 ; false
            FROM debian:12\\nrun echo\\nUSER app                                ; JDX-P019 ; true
            from debian:12\\nrun echo\\nuser app                                ; JDX-P019 ; false
            FROM debian:12\\nCOPY app /$DEST\\nUSER app                         ; JDX-P020 ; true
            FROM debian:12\\nARG DEST=/app\\nCOPY app $DEST\\nUSER app           ; JDX-P020 ; false
            ARG DEST=/app\\nFROM debian:12\\nWORKDIR $DEST\\nUSER app            ; JDX-P020 ; true
            ARG DEST=/app\\nFROM debian:12\\nARG DEST\\nWORKDIR $DEST\\nUSER app  ; JDX-P020 ; false
            FROM debian:12 AS a\\nENV D=/x\\nFROM a\\nWORKDIR $D\\nUSER app       ; JDX-P020 ; false
            FROM debian:12\\nENV PATH=/opt/bin:$PATH\\nUSER app                 ; JDX-P020 ; false
            FROM debian:12\\nRUN echo $UNDECLARED\\nUSER app                    ; JDX-P020 ; false
            FROM debian:$NOPE\\nUSER app                                        ; JDX-P020 ; true
            """)
    void rule(String dockerfile, String id, boolean fires) throws Exception {
        List<Finding> findings = run(dockerfile, LintConfig.defaults());
        if (fires) assertThat(findings).extracting(Finding::checkId).contains(id);
        else assertThat(findings).extracting(Finding::checkId).doesNotContain(id);
    }

    @ParameterizedTest(name = "[{index}] {0} digest required: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            FROM debian:12\\nUSER app                                            | true  | true
            FROM debian:12\\nUSER app                                            | false | false
            FROM debian:12@sha256:0000000000000000000000000000000000000000000000000000000000000000\\nUSER app | true | false
            """)
    void digestOnlyWhenRequired(String dockerfile, boolean require, boolean fires) throws Exception {
        List<Finding> f = run(dockerfile, new LintConfig(Set.of(), Map.of(), List.of(), require));
        assertThat(f.stream().anyMatch(x -> x.checkId().equals("JDX-B003"))).isEqualTo(fires);
    }

    @ParameterizedTest(name = "[{index}] {0} trusted {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            FROM quay.io/org/app:1\\nUSER app          | docker.io          | true
            FROM quay.io/org/app:1\\nUSER app          | *.io               | false
            FROM quay.io/org/app:1\\nUSER app          | QUAY.IO            | false
            FROM debian:12\\nUSER app                  | docker.io          | false
            FROM debian:12\\nUSER app                  | ghcr.io            | true
            FROM localhost:5000/app:1\\nUSER app       | localhost:*        | false
            FROM registry.corp.example/a:1\\nUSER app  | *.corp.example     | false
            """)
    void trustedRegistries(String dockerfile, String trusted, boolean fires) throws Exception {
        List<Finding> f = run(dockerfile, new LintConfig(Set.of(), Map.of(), List.of(trusted), false));
        assertThat(f.stream().anyMatch(x -> x.checkId().equals("JDX-B004"))).isEqualTo(fires);
    }

    @ParameterizedTest(name = "[{index}] {0} on {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            FROM debian:11\\nUSER app  | 2026-08-30 | false
            FROM debian:11\\nUSER app  | 2026-08-31 | true
            FROM python:3.10\\nUSER app | 2026-10-30 | false
            FROM python:3.10\\nUSER app | 2026-11-01 | true
            """)
    void endOfLifeIsJudgedAgainstTheInjectedDate(String dockerfile, String today, boolean fires) throws Exception {
        Dockerfile df = DockerfileParser.parse("Dockerfile", dockerfile.replace("\\n", "\n"));
        List<Finding> f = DockerfileRules.check(df, LintConfig.defaults(), LocalDate.parse(today), EolTable.embedded());
        assertThat(f.stream().anyMatch(x -> x.checkId().equals("JDX-B005"))).isEqualTo(fires);
        if (fires) {
            assertThat(f.stream().filter(x -> x.checkId().equals("JDX-B005")).findFirst().orElseThrow().message())
                    .contains("end-of-life table of " + EolTable.embedded().tableDate());
        }
    }
}
