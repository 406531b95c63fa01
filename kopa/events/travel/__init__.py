"""Travel: participants' travel details and Erasmus+ travel grants, the band tables, ride sharing."""
