"""What schools, DUO and the RMC register: the official VSV indicator, reasons for leaving."""
