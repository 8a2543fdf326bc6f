"""Facts the EU publishes about its projects (CORDIS, Kohesio), read from the open files and
kept beside what the coordinators report; see docs/eu-data.md."""
