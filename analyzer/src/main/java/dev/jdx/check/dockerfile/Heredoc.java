package dev.jdx.check.dockerfile;

/**
 * A here-document attached to RUN, COPY or ADD.
 *
 * @param name    the delimiter word
 * @param chomp   {@code <<-}: leading tabs removed
 * @param expand  false when the word was quoted (no variable expansion)
 * @param content the body, each line ending with a newline
 */
public record Heredoc(String name, boolean chomp, boolean expand, String content) {}
