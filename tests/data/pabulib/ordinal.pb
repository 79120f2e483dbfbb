META
key;value
description;Made-up ranked vote
country;Greece
unit;Test town
instance;2025
num_projects;3
num_votes;2
budget;100
vote_type;ordinal
PROJECTS
project_id;cost
x;50
y;60
z;40
VOTES
voter_id;vote
1;y,x,z
2;z
