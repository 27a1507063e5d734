"""The Textual user interface: screens, dialogs and widgets over the headless core."""
