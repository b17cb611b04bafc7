package dev.jdx.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The report in a real browser (headless Chromium from {@code file://}): the page's script runs under its own
 * CSP without a console error, the tree expands by mouse and keyboard, filters, switches layers, the copy button
 * reacts, hostile names stay text, and a 150,000-file report is interactive within 3 seconds. Every test leaves
 * screenshots in {@code target/screenshots/}.
 */
class BrowserTest {
    @TempDir
    static Path tmp;

    static Browser browser;
    static Path demoHtml;
    static Path hostileHtml;

    @BeforeAll
    static void start() throws IOException {
        browser = Browser.start();
        Path reports = Path.of("target", "reports");
        demoHtml = Reports.render(Reports.withSections(Reports.demo(tmp).view(), false), reports.resolve("demo.html"));
        hostileHtml = Reports.render(Reports.withSections(Reports.hostile(tmp).view(), true), reports.resolve("hostile.html"));
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) browser.close();
    }

    /** Read in one script call: the tree re-renders while a filter settles, so element handles may go stale. */
    @SuppressWarnings("unchecked")
    private List<String> rowLabels() {
        Object labels = browser.js("return Array.from(document.querySelectorAll('#tree [role=treeitem] .label'))"
                + ".map(e => e.innerText.trim());");
        return List.copyOf((List<String>) labels);
    }

    /** The tree row labelled {@code label}, found in the page by one script call (no stale handles mid-render). */
    private WebElement row(String label) {
        Object row = browser.js("return Array.from(document.querySelectorAll('#tree [role=treeitem]'))"
                + ".find(r => r.querySelector('.label') && r.querySelector('.label').innerText.trim() === arguments[0]) || null;", label);
        if (row == null) throw new AssertionError("no tree row " + label + " in " + rowLabels());
        return (WebElement) row;
    }

    @Test
    void demoReportBrowsesFiltersSwitchesLayersAndCopies() throws IOException {
        browser.open(demoHtml);
        browser.screenshot("demo-1-overview");
        assertThat(browser.errors()).isEmpty();
        assertThat(browser.find("#tree-status").getText()).contains("the final filesystem");
        // the root is open; directories are closed until asked
        assertThat(rowLabels()).contains("/", "app", "bin", "etc", "usr").doesNotContain("server.js");
        WebElement app = row("app");
        assertThat(app.getAttribute("aria-expanded")).isEqualTo("false");
        browser.js("arguments[0].scrollIntoView({block: 'center'})", app);
        app.click();
        assertThat(row("app").getAttribute("aria-expanded")).isEqualTo("true");
        assertThat(rowLabels()).contains("server.js", "package.json", "node_modules");
        // keyboard: from /app, down twice (bin, then config: directories first), Enter opens, ArrowLeft closes
        browser.js("arguments[0].focus()", row("app"));
        browser.driver.switchTo().activeElement().sendKeys(Keys.ARROW_DOWN);
        browser.driver.switchTo().activeElement().sendKeys(Keys.ARROW_DOWN);
        WebElement focused = browser.driver.switchTo().activeElement();
        assertThat(focused.getAttribute("role")).isEqualTo("treeitem");
        String label = focused.findElement(org.openqa.selenium.By.cssSelector(".label")).getText();
        assertThat(label).isEqualTo("config");
        focused.sendKeys(Keys.ENTER);
        assertThat(row("config").getAttribute("aria-expanded")).isEqualTo("true");
        assertThat(rowLabels()).contains("default.json", "production.json").doesNotContain("old.json");
        browser.driver.switchTo().activeElement().sendKeys(Keys.ARROW_LEFT);
        assertThat(row("config").getAttribute("aria-expanded")).isEqualTo("false");
        browser.screenshot("demo-2-tree-expanded");

        // filter by name: a flat list of matching paths
        browser.find("#tree-filter").sendKeys("lodash");
        browser.waitUntil(Duration.ofSeconds(5), () -> browser.find("#tree-status").getText().contains("matching"));
        assertThat(rowLabels()).containsExactly("/app/node_modules/lodash", "/app/node_modules/lodash/lodash.js");
        browser.screenshot("demo-3-filtered");
        // plus a minimum size: 10 kB keeps both (the directory sums to 41 kB), 100 kB leaves nothing
        new org.openqa.selenium.support.ui.Select(browser.find("#tree-min")).selectByValue("10000");
        assertThat(rowLabels()).hasSize(2);
        new org.openqa.selenium.support.ui.Select(browser.find("#tree-min")).selectByValue("100000");
        assertThat(rowLabels()).isEmpty();
        assertThat(browser.find("#tree .empty-note").getText()).isEqualTo("No entry matches.");
        browser.find("#tree-filter").clear();
        browser.js("var e = document.getElementById('tree-filter'); e.value=''; e.dispatchEvent(new Event('input'));");
        new org.openqa.selenium.support.ui.Select(browser.find("#tree-min")).selectByValue("0");

        // switch to the cleanup layer from its row in the layers table: only its changes, removals marked
        WebElement browse = browser.find("button.browse-layer[data-layer='3']");
        browser.js("arguments[0].scrollIntoView({block: 'center'})", browse);
        browse.click();
        browser.waitUntil(Duration.ofSeconds(5), () -> "3".equals(browser.find("#tree").getAttribute("data-view")));
        assertThat(browser.find("#tree-status").getText()).contains("the changes of layer 3");
        assertThat(browser.find("#layer-3").getAttribute("class")).contains("current");
        row("var").click();
        row("lib").click();
        row("apt").click();
        row("lists").click();
        row("root").click();
        WebElement gone = row("deb.debian.org_debian_dists_bookworm_InRelease");
        assertThat(gone.getAttribute("data-change")).isEqualTo("removed");
        assertThat(row(".npm").getAttribute("data-change")).isEqualTo("removed");
        assertThat(rowLabels()).doesNotContain("app", "etc");
        browser.screenshot("demo-4-layer-3");
        // the whole filesystem after layer 2: the lodash.js of layer 1 is shadowed there? no: layer 2 rewrote it
        new org.openqa.selenium.support.ui.Select(browser.find("#tree-view")).selectByValue("1");
        browser.find("#tree-only-changes").click();
        browser.waitUntil(Duration.ofSeconds(5), () -> browser.find("#tree-status").getText().contains("the filesystem after layer 1"));
        assertThat(rowLabels()).contains("app", "etc", "usr");
        row("app").click();
        row("node_modules").click();
        row("lodash").click();
        WebElement lodash = row("lodash.js");
        assertThat(lodash.getAttribute("data-change")).isEqualTo("added");
        assertThat(lodash.getAttribute("data-shadowed")).isEqualTo("2");
        assertThat(row("etc").getAttribute("data-change")).isNull();
        browser.screenshot("demo-5-after-layer-1");

        // sort by size: the biggest top-level directory first
        new org.openqa.selenium.support.ui.Select(browser.find("#tree-view")).selectByValue("final");
        new org.openqa.selenium.support.ui.Select(browser.find("#tree-sort")).selectByValue("size");
        List<String> bySize = rowLabels();
        assertThat(bySize.get(1)).isEqualTo("usr"); // libc + sh + passwd outweigh /app's node_modules

        // copy the run command: clipboard or select-and-copy fallback, either way the button says so
        WebElement copy = browser.find("button.copy[data-copy=run-command]");
        browser.js("arguments[0].scrollIntoView({block: 'center'})", copy);
        copy.click();
        browser.waitUntil(Duration.ofSeconds(3), () -> copy.getAttribute("data-state") != null);
        assertThat(copy.getAttribute("data-state")).isIn("copied", "select");
        assertThat(copy.getText()).isIn("Copied", "Selected: press Ctrl+C");
        browser.screenshot("demo-6-copied");

        // the severity filter hides a group
        WebElement info = browser.find("input[data-severity-filter=info]");
        browser.js("arguments[0].scrollIntoView({block: 'center'})", info);
        info.click();
        assertThat(browser.find(".sev-group[data-severity=info]").isDisplayed()).isFalse();
        assertThat(browser.find(".sev-group[data-severity=high]").isDisplayed()).isTrue();
        assertThat(browser.errors()).isEmpty();
    }

    @Test
    void darkModeAndPrintStyles() throws IOException {
        browser.open(demoHtml);
        browser.emulate("screen", "light");
        String light = (String) browser.js("return getComputedStyle(document.documentElement).backgroundColor");
        browser.emulate("screen", "dark");
        String dark = (String) browser.js("return getComputedStyle(document.documentElement).backgroundColor");
        assertThat(light).isEqualTo("rgb(255, 255, 255)");
        assertThat(dark).isEqualTo("rgb(13, 17, 23)");
        browser.screenshot("demo-dark");
        browser.emulate("print", "light");
        assertThat(browser.js("return getComputedStyle(document.querySelector('#files .controls')).display")).isEqualTo("none");
        assertThat(browser.js("return getComputedStyle(document.querySelector('nav')).display")).isEqualTo("none");
        browser.emulate("screen", "light");
        assertThat(browser.errors()).isEmpty();
    }

    /** A directory no tar declared, emptied by a later layer: still in the final tree, as an empty directory. */
    @Test
    void anEmptiedUndeclaredDirectoryIsInTheFinalTree() throws IOException {
        Path html = Reports.render(Reports.emptied(tmp).view(), Path.of("target", "reports", "emptied.html"));
        browser.open(html);
        assertThat(browser.errors()).isEmpty();
        row("var").click();
        row("cache").click();
        WebElement apt = row("apt");
        assertThat(apt.getAttribute("class")).contains("dir").contains("implicit");
        assertThat(apt.getAttribute("aria-expanded")).isNull(); // nothing to open
        // the status counts entries: the tar's three files' one left (etc/keep), not the directories it implies
        assertThat(browser.find("#tree-status").getText()).startsWith("1 entry");
        // a name filter finds it too
        browser.find("#tree-filter").sendKeys("apt");
        browser.waitUntil(Duration.ofSeconds(5), () -> browser.find("#tree-status").getText().contains("matching"));
        assertThat(rowLabels()).containsExactly("/var/cache/apt");
        // after layer 0 the files are there (and found by name); the directory is only implied by them there
        new org.openqa.selenium.support.ui.Select(browser.find("#tree-view")).selectByValue("0");
        browser.js("var e = document.getElementById('tree-filter'); e.value='bin'; e.dispatchEvent(new Event('input'));");
        browser.waitUntil(Duration.ofSeconds(5), () -> rowLabels().size() == 2);
        assertThat(rowLabels()).containsExactly("/var/cache/apt/a.bin", "/var/cache/apt/b.bin");
        assertThat(browser.errors()).isEmpty();
    }

    @Test
    void hostileNamesShowAsTextAndRunNoScript() throws IOException {
        browser.open(hostileHtml);
        assertThat(browser.js("return [window.__pwned, window.__pwned2, window.__pwned3, window.__pwned4]"))
                .isEqualTo(java.util.Arrays.asList(null, null, null, null));
        assertThat(browser.errors()).isEmpty();
        // the label and the env value read as typed
        assertThat(browser.all("table.labels td").stream().map(WebElement::getText).toList()).contains(Reports.HOSTILE_LABEL);
        // the file, deleted by layer 1, in layer 0's tree with its name as text
        new org.openqa.selenium.support.ui.Select(browser.find("#tree-view")).selectByValue("0");
        browser.find("#tree-filter").sendKeys("onerror");
        browser.waitUntil(Duration.ofSeconds(5), () -> browser.find("#tree-status").getText().contains("matching"));
        assertThat(rowLabels()).containsExactly("/srv/" + Reports.HOSTILE_NAME);
        assertThat(browser.all("#tree img")).isEmpty();
        browser.js("var e = document.getElementById('tree-filter'); e.value='link'; e.dispatchEvent(new Event('input'));");
        browser.waitUntil(Duration.ofSeconds(5), () -> rowLabels().equals(List.of("/srv/link")));
        assertThat(browser.find("#tree .row .link").getText()).isEqualTo("→ </script><b>bold</b>");
        browser.screenshot("hostile");
        assertThat(browser.js("return [window.__pwned, window.__pwned2, window.__pwned3, window.__pwned4]"))
                .isEqualTo(java.util.Arrays.asList(null, null, null, null));
    }

    @Test
    void hugeReportIsInteractiveWithinThreeSeconds() throws IOException {
        Reports.Scanned huge = Reports.huge(150_000, 6);
        Path html = Reports.render(huge.view(), Path.of("target", "reports", "huge.html"));
        assertThat(Files.size(html)).isLessThan(15_000_000L);
        browser.open(html);
        double ready = browser.readyMillis();
        System.out.println("huge report timings: " + browser.js(
                "var n = performance.getEntriesByType('navigation')[0];"
                + "return 'responseEnd ' + Math.round(n.responseEnd) + ', domInteractive ' + Math.round(n.domInteractive) + ', '"
                + " + performance.getEntriesByType('mark').map(function (m) { return m.name + ' ' + Math.round(m.startTime); }).join(', ');"));
        browser.screenshot("huge-ready");
        assertThat(ready).as("ms from navigation start to data-ready").isLessThan(3000);
        assertThat(browser.errors()).isEmpty();
        // lazily rendered: the first screen has a handful of rows, not 150,000
        assertThat(browser.all("#tree [role=treeitem]").size()).isLessThan(10);
        row("var").click();
        row("cache").click();
        // measured in the page: the click handler expands, sorts and renders one page synchronously
        Object clickMs = browser.js("var t = performance.now(); arguments[0].click(); return Math.round(performance.now() - t);", row("huge"));
        int rows = browser.all("#tree [role=treeitem]").size();
        // natural order, and item-1..5 were deleted by the whiteouts of layers 1..5
        assertThat(rowLabels().subList(5, 9)) // after /, usr, var, cache, huge
               .containsExactly("item-0.bin", "item-6.bin", "item-7.bin", "item-8.bin");
        assertThat(rowLabels()).doesNotContain("item-1.bin", "item-5.bin");
        assertThat(rows).isBetween(200, 220); // one page of the 20,000-entry directory
        WebElement more = browser.find("#tree .more button");
        assertThat(more.getText()).contains("200 more of 19");
        more.click();
        assertThat(browser.all("#tree [role=treeitem]").size()).isEqualTo(rows + 200);
        browser.screenshot("huge-directory");
        // a name filter over all 150,000 entries answers promptly
        browser.js("document.getElementById('tree-filter').value = 'file12345.'");
        Object filterMs = browser.js("var t = performance.now(); document.getElementById('tree-filter').dispatchEvent(new Event('input'));"
                + "return new Promise(function (done) { setTimeout(function () { done(Math.round(performance.now() - t)); }, 130); });");
        browser.waitUntil(Duration.ofSeconds(5), () -> browser.find("#tree-status").getText().contains("matching"));
        assertThat(rowLabels()).allMatch(l -> l.contains("file12345."));
        browser.screenshot("huge-filtered");
        System.out.printf("huge report: %,d bytes, ready after %.0f ms, opening a 20,000-entry directory %s ms, filter %s ms (incl. 120 ms debounce)%n",
                Files.size(html), ready, clickMs, filterMs);
        assertThat(browser.errors()).isEmpty();
    }
}
