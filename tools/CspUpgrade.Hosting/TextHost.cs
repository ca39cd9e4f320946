using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;
using System.Text.RegularExpressions;

namespace CspUpgrade.Hosting
{
    /// <summary>
    /// A non-interactive PowerShell host that writes everything the engine shows (formatted output, -WhatIf text,
    /// warnings, verbose) to a writer and keeps a copy, so tests can assert on what a user would have seen.
    /// </summary>
    public sealed class TextHost : PSHost
    {
        private readonly Guid _id = Guid.NewGuid();

        public TextHost(TextWriter? output = null, int width = 160, bool stripAnsi = true)
        {
            UI = new TextHostUserInterface(output ?? TextWriter.Null, width, stripAnsi);
        }

        public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
        public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
        public override Guid InstanceId => _id;
        public override string Name => "CspUpgradeTextHost";
        public override PSHostUserInterface UI { get; }
        public override Version Version => new Version(1, 0);

        public TextHostUserInterface TextUI => (TextHostUserInterface)UI;

        /// <summary>Everything written to the host so far.</summary>
        public string Text => TextUI.Recorded.ToString();

        public override void EnterNestedPrompt() => throw new NotSupportedException();
        public override void ExitNestedPrompt() => throw new NotSupportedException();
        public override void NotifyBeginApplication() { }
        public override void NotifyEndApplication() { }
        public override void SetShouldExit(int exitCode) { }
    }

    public sealed class TextHostUserInterface : PSHostUserInterface
    {
        // PowerShell 7 colours table headers with VT sequences whatever the host says; a log or a test wants plain text.
        private static readonly Regex s_ansi = new Regex("\u001b\\[[0-9;]*[A-Za-z]", RegexOptions.Compiled);
        private readonly TextWriter _output;
        private readonly bool _stripAnsi;

        public TextHostUserInterface(TextWriter output, int width, bool stripAnsi)
        {
            _output = output;
            _stripAnsi = stripAnsi;
            RawUI = new TextRawUserInterface(width);
        }

        public StringBuilder Recorded { get; } = new StringBuilder();
        public List<ProgressRecord> Progress { get; } = new List<ProgressRecord>();
        public override PSHostRawUserInterface RawUI { get; }

        private void Emit(string text)
        {
            if (_stripAnsi)
            {
                text = s_ansi.Replace(text, string.Empty);
            }
            lock (Recorded)
            {
                Recorded.Append(text);
                _output.Write(text);
            }
        }

        public override void Write(string value) => Emit(value);
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Emit(value);
        public override void WriteLine(string value) => Emit(value + "\n");
        public override void WriteErrorLine(string value) => Emit("ERROR: " + value + "\n");
        public override void WriteDebugLine(string message) => Emit("DEBUG: " + message + "\n");
        public override void WriteVerboseLine(string message) => Emit("VERBOSE: " + message + "\n");
        public override void WriteWarningLine(string message) => Emit("WARNING: " + message + "\n");

        public override void WriteProgress(long sourceId, ProgressRecord record)
        {
            lock (Progress)
            {
                Progress.Add(record);
            }
        }

        public override string ReadLine() => throw new NotSupportedException("This host is not interactive.");
        public override SecureString ReadLineAsSecureString() => throw new NotSupportedException("This host is not interactive.");

        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
            throw new NotSupportedException("This host is not interactive: " + message);

        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) =>
            throw new NotSupportedException("This host is not interactive: " + message);

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
            throw new NotSupportedException("This host is not interactive.");

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
            throw new NotSupportedException("This host is not interactive.");
    }

    public sealed class TextRawUserInterface : PSHostRawUserInterface
    {
        public TextRawUserInterface(int width)
        {
            BufferSize = new Size(width, 9999);
            WindowSize = new Size(width, 50);
            MaxWindowSize = WindowSize;
            MaxPhysicalWindowSize = WindowSize;
        }

        public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;
        public override Size BufferSize { get; set; }
        public override Coordinates CursorPosition { get; set; }
        public override int CursorSize { get; set; }
        public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;
        public override bool KeyAvailable => false;
        public override Size MaxPhysicalWindowSize { get; }
        public override Size MaxWindowSize { get; }
        public override Coordinates WindowPosition { get; set; }
        public override Size WindowSize { get; set; }
        public override string WindowTitle { get; set; } = string.Empty;

        public override void FlushInputBuffer() { }
        public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException();
        public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException("This host is not interactive.");
        public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) { }
        public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) { }
        public override void SetBufferContents(Rectangle rectangle, BufferCell fill) { }
    }
}
