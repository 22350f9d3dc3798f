"""Date and time formats per language (FORMAT_MODULE_PATH): a time is shown in the current time
zone with its offset from GMT, so that no one reads a UTC time for a local one."""
