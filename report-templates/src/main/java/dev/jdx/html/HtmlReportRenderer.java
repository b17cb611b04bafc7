package dev.jdx.html;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.exceptions.TemplateProcessingException;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders an {@link HtmlView} as one self-contained HTML file: the Thymeleaf templates under
 * {@code dev/jdx/html/templates}, with {@code report.css} and {@code report.js} inlined and allowed by a
 * Content-Security-Policy meta tag that names their sha256 hashes, so the page fetches nothing and runs no other
 * script (a hostile file name that slipped through escaping still could not execute). Thread-safe; build one and
 * reuse it.
 */
public final class HtmlReportRenderer {
    private static final String BASE = "dev/jdx/html/";

    private final TemplateEngine engine;
    private final String css;
    private final String js;
    private final String csp;

    public HtmlReportRenderer() {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(HtmlReportRenderer.class.getClassLoader());
        resolver.setPrefix(BASE + "templates/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        engine = new TemplateEngine();
        engine.setTemplateResolver(resolver);
        css = resource("static/report.css");
        js = resource("static/report.js");
        csp = "default-src 'none'; script-src " + hashSource(js) + "; style-src " + hashSource(css)
                + "; img-src data:; base-uri 'none'; form-action 'none'";
    }

    /** The Content-Security-Policy the pages carry (the same for every page: it pins the module's CSS and JS). */
    public String contentSecurityPolicy() {
        return csp;
    }

    /** Writes the report; does not close {@code out}. */
    public void render(HtmlView view, OutputStream out) throws IOException {
        Context ctx = new Context();
        ctx.setVariable("view", view);
        ctx.setVariable("css", css);
        ctx.setVariable("js", js);
        ctx.setVariable("csp", csp);
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        try {
            engine.process("report", ctx, w);
        } catch (TemplateProcessingException e) {
            // a template bug, not bad input: surface it as an internal error with the template's own message
            throw new IllegalStateException("rendering the HTML report: " + e.getMessage(), e);
        }
        w.flush();
    }

    /** {@code 'sha256-BASE64'} of the UTF-8 bytes of an inline script or style, as CSP level 2 defines it. */
    static String hashSource(String inline) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(inline.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(d) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReportRenderer.class.getClassLoader().getResourceAsStream(BASE + name)) {
            if (in == null) throw new IllegalStateException("missing resource " + BASE + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + BASE + name, e);
        }
    }
}
