package dev.pymirror.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The list of sub-commands in a command's usage help, each with the first sentence of its
 * description, whole.
 *
 * <p>picocli lists a command with the first line of its description; the descriptions here are
 * wrapped by hand over several lines (or given as one paragraph), so that line ended mid-sentence
 * ("resolve the requirements for every target").
 */
final class CommandList implements CommandLine.IHelpSectionRenderer {

    /** Puts this list in place of picocli's for {@code cli} and every command under it that has sub-commands. */
    static void install(CommandLine cli) {
        if (!cli.getSubcommands().isEmpty()) {
            cli.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, new CommandList());
        }
        cli.getSubcommands().values().forEach(CommandList::install);
    }

    @Override
    public String render(Help help) {
        Map<String, Help> commands = help.subcommands();
        if (commands.isEmpty()) {
            return "";
        }
        int nameWidth = 0;
        for (String name : commands.keySet()) {
            nameWidth = Math.max(nameWidth, commands.get(name).commandNamesText(", ").getCJKAdjustedLength());
        }
        int width = help.commandSpec().usageMessage().width();
        TextTable table = TextTable.forColumns(help.colorScheme(),
                new Column(nameWidth + 2, 2, Column.Overflow.SPAN),
                new Column(Math.max(width - (nameWidth + 2), 20), 2, Column.Overflow.WRAP));
        commands.forEach((name, command) -> table.addRowValues(command.commandNamesText(", "),
                help.colorScheme().text(firstSentence(command.commandSpec().usageMessage()))));
        return table.toString();
    }

    /**
     * The first sentence of a command's header, else of its description: its lines joined up to the
     * first blank line, cut after the first full stop that ends a sentence.
     */
    static String firstSentence(UsageMessageSpec usage) {
        String[] lines = usage.header().length > 0 ? usage.header() : usage.description();
        List<String> paragraph = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                if (!paragraph.isEmpty()) {
                    break;
                }
                continue;
            }
            paragraph.add(line.strip());
        }
        // The lines are format strings, as picocli reads them.
        String text = String.join(" ", paragraph).replace("%n", " ").replace("%%", "%");
        for (int i = text.indexOf('.'); i >= 0; i = text.indexOf('.', i + 1)) {
            boolean ends = i + 1 == text.length()
                    || Character.isWhitespace(text.charAt(i + 1))
                            && i + 2 < text.length() && !Character.isLowerCase(text.charAt(i + 2));
            if (ends) {
                return text.substring(0, i + 1);
            }
        }
        return text;
    }
}
